//! Reading files that anyone may have put in a folder: only regular files (a FIFO would
//! block forever, a device could do anything), bounded in size, and UTF-8 with the place of
//! the first bad byte when not.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadProblem {
    /// Not a regular file (or a link to one): what it is instead.
    Special(&'static str),
    /// Larger than the limit (bytes).
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// Not UTF-8: the line and column (1-based, in characters) of the first bad byte.
    NotUtf8 {
        line: usize,
        col: usize,
    },
    Io(io::Error),
}

impl fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadProblem::Special(what) => {
                write!(f, "it is {what}, not a regular file; it was not opened")
            }
            ReadProblem::TooLarge { size, limit } => {
                write!(f, "it is {size} bytes, more than the {limit} allowed")
            }
            ReadProblem::NotUtf8 { line, col } => {
                write!(f, "{line}:{col}: the text is not valid UTF-8 here")
            }
            ReadProblem::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What a non-regular file is, for messages; `None` for a regular file.
pub fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Opens a regular file for reading (following links), refusing anything else before it
/// is opened and, in case it was swapped in between, after.
pub fn open_regular(path: &Path) -> Result<fs::File, ReadProblem> {
    let meta = fs::metadata(path).map_err(ReadProblem::Io)?;
    if let Some(what) = special_kind(&meta) {
        return Err(ReadProblem::Special(what));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadProblem::Io)?;
    let meta = file.metadata().map_err(ReadProblem::Io)?;
    if let Some(what) = special_kind(&meta) {
        return Err(ReadProblem::Special(what));
    }
    Ok(file)
}

/// The whole text of a regular file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadProblem> {
    let file = open_regular(path)?;
    let size = file.metadata().map_err(ReadProblem::Io)?.len();
    if size > limit {
        return Err(ReadProblem::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` bounds a file that grows while it is read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    utf8(bytes)
}

/// `bytes` as text, or the line and column of the first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>) -> Result<String, ReadProblem> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..good]).unwrap_or_default();
        let (line, col) = line_col(before, before.len());
        ReadProblem::NotUtf8 { line, col }
    })
}

/// Line and column (1-based, columns in characters) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_names_line_and_column() {
        let err = utf8(b"ab\ncd\xffe".to_vec()).unwrap_err();
        assert!(
            matches!(err, ReadProblem::NotUtf8 { line: 2, col: 3 }),
            "{err}"
        );
        let mut bytes = "é\n日本".as_bytes().to_vec();
        bytes.push(0xc3);
        let err = utf8(bytes).unwrap_err();
        assert!(
            matches!(err, ReadProblem::NotUtf8 { line: 2, col: 3 }),
            "{err}"
        );
        assert_eq!(utf8(b"fine".to_vec()).unwrap(), "fine");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.ron");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_text(&fifo, 100).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
        let err = read_text(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(err.to_string().contains("device"), "{err}");
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        assert!(matches!(
            read_text(&link, 100),
            Err(ReadProblem::Special(_))
        ));
    }

    #[test]
    fn size_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        fs::write(&path, "x".repeat(101)).unwrap();
        assert!(matches!(
            read_text(&path, 100),
            Err(ReadProblem::TooLarge { size: 101, .. })
        ));
    }
}
