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
pub(crate) fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
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

/// Whether a symbolic link at the path itself is followed when a file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    /// A link to a regular file is read (drafts and form files a user may link).
    Follow,
    /// A link is refused unopened (side files, documents: a link there is planted).
    Refuse,
}

/// The one way the program opens a file to read: a regular file (a FIFO would block
/// forever, a device could do anything), opened without blocking (`O_NONBLOCK`, and
/// `O_NOFOLLOW` when links are refused), then checked again on the open handle (`fstat`)
/// in case it was swapped in between.
pub(crate) fn open_regular(path: &Path, links: Links) -> Result<fs::File, ReadProblem> {
    let meta = match links {
        Links::Follow => fs::metadata(path),
        Links::Refuse => fs::symlink_metadata(path),
    }
    .map_err(ReadProblem::Io)?;
    if meta.file_type().is_symlink() {
        return Err(ReadProblem::Special("a symbolic link"));
    }
    if let Some(what) = special_kind(&meta) {
        return Err(ReadProblem::Special(what));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = match links {
            Links::Follow => 0,
            Links::Refuse => libc::O_NOFOLLOW,
        };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return ReadProblem::Special("a symbolic link");
        }
        ReadProblem::Io(e)
    })?;
    checked_handle(file)
}

/// An open handle, refused unless it is a regular file.
pub(crate) fn checked_handle(file: fs::File) -> Result<fs::File, ReadProblem> {
    let meta = file.metadata().map_err(ReadProblem::Io)?;
    if let Some(what) = special_kind(&meta) {
        return Err(ReadProblem::Special(what));
    }
    Ok(file)
}

/// The bytes of an open regular file of at most `limit` bytes: the size on the handle is
/// checked before reading, and the read stops past the limit (a file growing meanwhile).
pub(crate) fn read_handle(file: fs::File, limit: u64) -> Result<Vec<u8>, ReadProblem> {
    let size = file.metadata().map_err(ReadProblem::Io)?.len();
    if size > limit {
        return Err(ReadProblem::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The bytes of a regular file of at most `limit` bytes ([`open_regular`], [`read_handle`]).
pub(crate) fn read_bytes(path: &Path, limit: u64, links: Links) -> Result<Vec<u8>, ReadProblem> {
    read_handle(open_regular(path, links)?, limit)
}

/// The whole text of a regular file of at most `limit` bytes, a link to one followed.
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<String, ReadProblem> {
    utf8(read_bytes(path, limit, Links::Follow)?)
}

/// The whole text of a regular file of at most `limit` bytes that is not a link.
pub(crate) fn read_text_no_link(path: &Path, limit: u64) -> Result<String, ReadProblem> {
    utf8(read_bytes(path, limit, Links::Refuse)?)
}

/// `bytes` as text, or the line and column of the first byte that is not UTF-8.
pub(crate) fn utf8(bytes: Vec<u8>) -> Result<String, ReadProblem> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..good]).unwrap_or_default();
        let (line, col) = line_col(before, before.len());
        ReadProblem::NotUtf8 { line, col }
    })
}

/// Line and column (1-based, columns in characters) of byte `offset` of `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
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
        let plain = dir.path().join("plain");
        fs::write(&plain, "text").unwrap();
        let to_plain = dir.path().join("to-plain");
        std::os::unix::fs::symlink(&plain, &to_plain).unwrap();
        assert_eq!(read_text(&to_plain, 100).unwrap(), "text");
        let err = read_text_no_link(&to_plain, 100).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(
            read_text_no_link(&zero, 100),
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
