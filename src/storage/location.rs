//! Where drafts live: `--saves DIR`, else `CLEC_WIZARD_SAVES` (an empty value counts as
//! unset), else the configuration file's `saves` ([`crate::storage::config`]), else a
//! `saves/` folder in the current directory when it is clearly clec-wizard's
//! ([`is_ours`]), else the
//! platform's data folder (`~/.local/share/clec-wizard/saves` on Linux). Exports default
//! to an `exports/` folder inside it: under the folder the user chose, never beside it.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The environment variable naming the folder of drafts.
pub(crate) const SAVES_VAR: &str = "CLEC_WIZARD_SAVES";

/// Why this folder of drafts is the one in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--saves DIR`.
    Flag,
    /// `CLEC_WIZARD_SAVES`.
    Env,
    /// The configuration file's `saves`.
    ConfigFile,
    /// A `saves/` folder in the current directory.
    CurrentDir,
    /// The platform's data folder.
    DataDir,
    /// No data folder is known for this user: `./saves`.
    Fallback,
}

impl Origin {
    /// The reason, as users read it.
    pub fn reason(self) -> &'static str {
        match self {
            Origin::Flag => "given with --saves",
            Origin::Env => "from CLEC_WIZARD_SAVES",
            Origin::ConfigFile => "from the configuration file",
            Origin::CurrentDir => "the saves folder in the current directory",
            Origin::DataDir => "the user's data folder (no ./saves of clec-wizard drafts here)",
            Origin::Fallback => "no user data folder is known",
        }
    }

    /// A stable id, for JSON.
    pub fn id(self) -> &'static str {
        match self {
            Origin::Flag => "flag",
            Origin::Env => "env",
            Origin::ConfigFile => "config",
            Origin::CurrentDir => "current_dir",
            Origin::DataDir => "data_dir",
            Origin::Fallback => "fallback",
        }
    }
}

/// The folder of drafts in use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavesLocation {
    pub dir: PathBuf,
    pub origin: Origin,
}

impl fmt::Display for SavesLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.dir.display(), self.origin.reason())
    }
}

/// Where exports of the drafts in `saves` go by default: `exports/` inside that folder, so
/// that everything clec-wizard writes stays under the folder the user chose (`--saves
/// /x/y` exports to `/x/y/exports`, never to `/x`). The command line, `where` and the
/// wizard's export dialog all ask this function.
pub(crate) fn exports_in(saves: &Path) -> PathBuf {
    saves.join("exports")
}

/// The platform's folder for drafts (`~/.local/share/clec-wizard/saves` on Linux).
pub(crate) fn data_saves_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "clec-wizard").map(|p| p.data_dir().join("saves"))
}

/// Picks the folder of drafts. `config` is the configuration file's `saves`; `cwd` the
/// current directory; `data` the platform's folder for drafts, if known.
pub fn resolve(
    flag: Option<&Path>,
    env: Option<OsString>,
    config: Option<&Path>,
    cwd: &Path,
    data: Option<PathBuf>,
) -> SavesLocation {
    let at = |dir: PathBuf, origin| SavesLocation { dir, origin };
    if let Some(dir) = flag.filter(|d| !d.as_os_str().is_empty()) {
        return at(dir.to_path_buf(), Origin::Flag);
    }
    if let Some(dir) = env.filter(|v| !v.is_empty()) {
        return at(PathBuf::from(dir), Origin::Env);
    }
    if let Some(dir) = config {
        return at(dir.to_path_buf(), Origin::ConfigFile);
    }
    let local = cwd.join("saves");
    if is_ours(&local) {
        return at(PathBuf::from("saves"), Origin::CurrentDir);
    }
    match data {
        Some(dir) => at(dir, Origin::DataDir),
        None => at(PathBuf::from("saves"), Origin::Fallback),
    }
}

/// Whether `dir` is clearly a folder of clec-wizard drafts, so that `./saves` may be
/// adopted: it is empty, holds a draft (a `.ron` file that starts as clec-wizard writes drafts), or
/// the `.gitignore` that creating a draft writes. Any other `saves/` (a game's) is left
/// alone. Bounded: the first 4096 entries, the first bytes of each file.
pub(crate) fn is_ours(dir: &Path) -> bool {
    let starts_with = |path: &Path, mark: &[u8]| {
        use std::io::Read;
        let mut head = vec![0; mark.len()];
        std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok_and(|()| head == mark)
    };
    if starts_with(&dir.join(".gitignore"), b"# clec-wizard") {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut entries = entries.filter_map(Result::ok).take(4096).peekable();
    if entries.peek().is_none() {
        return true; // empty: made for clec-wizard (`mkdir saves`), nothing to spoil
    }
    entries.any(|entry| {
        let path = entry.path();
        path.extension().is_some_and(|e| e == "ron")
            && entry.file_type().is_ok_and(|t| t.is_file())
            && starts_with(&path, b"// clec-wizard draft")
    })
}

static CURRENT: OnceLock<SavesLocation> = OnceLock::new();

/// Records the location this process uses, so every screen can say why (first call wins).
pub(crate) fn remember(location: &SavesLocation) {
    let _ = CURRENT.set(location.clone());
}

/// Why `dir` is the folder of drafts, when this process chose it.
pub(crate) fn reason_for(dir: &Path) -> Option<&'static str> {
    CURRENT
        .get()
        .filter(|l| l.dir == dir)
        .map(|l| l.origin.reason())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_variable_then_local_folder_then_data_folder() {
        let cwd = tempfile::tempdir().unwrap();
        let data = Some(PathBuf::from("/data/clec-wizard/saves"));
        let pick = |flag: Option<&str>, env: Option<&str>| {
            resolve(
                flag.map(Path::new),
                env.map(OsString::from),
                None,
                cwd.path(),
                data.clone(),
            )
        };
        assert_eq!(pick(Some("x"), Some("y")).origin, Origin::Flag);
        assert_eq!(pick(None, Some("y")).dir, PathBuf::from("y"));
        assert_eq!(
            pick(None, Some("")).origin,
            Origin::DataDir,
            "empty is unset"
        );
        assert_eq!(pick(None, None).dir, data.clone().unwrap());
        let saves = cwd.path().join("saves");
        std::fs::create_dir(&saves).unwrap();
        assert_eq!(
            pick(None, None).origin,
            Origin::CurrentDir,
            "an empty one is"
        );
        std::fs::write(saves.join("slot1.ron"), "(level: 3)").unwrap();
        std::fs::write(saves.join(".gitignore"), "*.tmp\n").unwrap();
        assert_eq!(
            pick(None, None).origin,
            Origin::DataDir,
            "a game's saves folder is not adopted"
        );
        std::fs::write(saves.join("acme.ron"), "// clec-wizard draft: ...\n(").unwrap();
        assert_eq!(
            pick(None, None).origin,
            Origin::CurrentDir,
            "it holds a draft"
        );
        std::fs::remove_file(saves.join("acme.ron")).unwrap();
        std::fs::remove_file(saves.join(".gitignore")).unwrap();
        crate::storage::gitignore::write(&saves).unwrap();
        assert_eq!(
            pick(None, None).origin,
            Origin::CurrentDir,
            "the .gitignore a new draft writes marks it"
        );
        let local = pick(None, Some(""));
        assert_eq!(
            (local.dir.as_path(), local.origin),
            (Path::new("saves"), Origin::CurrentDir)
        );
        assert_eq!(exports_in(&local.dir), PathBuf::from("saves/exports"));
        let none = resolve(None, None, None, Path::new("/nonexistent"), None);
        assert_eq!(none.origin, Origin::Fallback);
        let file = Some(Path::new("/from/config"));
        let configured = |flag: Option<&str>, env: Option<&str>| {
            resolve(
                flag.map(Path::new),
                env.map(OsString::from),
                file,
                cwd.path(),
                data.clone(),
            )
        };
        assert_eq!(
            configured(None, None).origin,
            Origin::ConfigFile,
            "the file's choice before ./saves"
        );
        assert_eq!(configured(None, None).dir, PathBuf::from("/from/config"));
        assert_eq!(configured(None, Some("y")).origin, Origin::Env);
        assert_eq!(configured(Some("x"), Some("y")).origin, Origin::Flag);
    }

    /// Exports stay under the folder the user chose, whichever way it was chosen.
    #[test]
    fn exports_go_inside_the_folder_of_drafts() {
        assert_eq!(
            exports_in(Path::new("/x/y")),
            PathBuf::from("/x/y/exports"),
            "never /x/exports, outside the folder given with --saves"
        );
        assert_eq!(
            exports_in(Path::new("/home/u/.local/share/clec-wizard/saves")),
            PathBuf::from("/home/u/.local/share/clec-wizard/saves/exports")
        );
        let flag = resolve(Some(Path::new("/x/y")), None, None, Path::new("/"), None);
        assert_eq!(exports_in(&flag.dir), PathBuf::from("/x/y/exports"));
    }
}
