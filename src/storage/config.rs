//! The configuration file and the one place every setting is resolved.
//!
//! The file is `$XDG_CONFIG_HOME/clec-wizard/config.toml` (an absolute `XDG_CONFIG_HOME`),
//! else `config.toml` in the platform's configuration folder (`~/.config/clec-wizard` on
//! Linux). A missing file is fine; a file that is there is read as hostile: a bounded
//! regular file ([`crate::storage::read`]), TOML with no key it does not know, every value
//! checked, and every problem `FILE:LINE:COLUMN: message`.
//!
//! Each setting is the first of: a command-line flag, an environment variable, the file,
//! the built-in default; [`Settings`] remembers which one gave it, for `clec-wizard
//! config`. The editor follows git and gh: clec-wizard's own variable, then the file,
//! then `VISUAL` and `EDITOR` (the system-wide choices) before `vi`. A broken file stops
//! only what needs it: a setting that a flag or a variable decides never reads the file.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::domain::values::signer::{self, Signer, SignerPart};
use crate::storage::location::{self, Origin, SAVES_VAR, SavesLocation};
use crate::storage::read::{self, ReadProblem};

/// The folder the file is in, inside the configuration folder `XDG_CONFIG_HOME` names.
pub(crate) const DIR_NAME: &str = "clec-wizard";
/// The file's name.
pub(crate) const FILE_NAME: &str = "config.toml";
/// The environment variable naming the exports folder.
pub(crate) const EXPORTS_VAR: &str = "CLEC_WIZARD_EXPORTS";
/// The environment variable naming the editor, before the file's and `VISUAL`/`EDITOR`.
pub(crate) const EDITOR_VAR: &str = "CLEC_WIZARD_EDITOR";
/// The environment variable naming the documents folder (read here only).
pub(crate) const DOCUMENTS_VAR: &str = crate::storage::documents::FOLDER_VAR;
/// The largest configuration file read: a few settings fit in far less.
pub(crate) const MAX_CONFIG_BYTES: u64 = 64 * 1024;
/// The editor when nothing names one.
pub(crate) const DEFAULT_EDITOR: &str = "vi";

/// Where the configuration file is: `XDG_CONFIG_HOME/clec-wizard/config.toml` when
/// `xdg` is an absolute path (the XDG specification ignores a relative one), else
/// `config.toml` in `platform`, the platform's configuration folder for clec-wizard.
pub(crate) fn path_in(xdg: Option<OsString>, platform: Option<PathBuf>) -> Option<PathBuf> {
    match xdg.map(PathBuf::from).filter(|p| p.is_absolute()) {
        Some(dir) => Some(dir.join(DIR_NAME).join(FILE_NAME)),
        None => platform.map(|dir| dir.join(FILE_NAME)),
    }
}

/// The platform's configuration folder for clec-wizard (`~/.config/clec-wizard` on Linux,
/// `~/Library/Application Support/clec-wizard` on macOS).
pub(crate) fn platform_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "clec-wizard").map(|p| p.config_dir().to_path_buf())
}

/// This process's configuration file path ([`path_in`]).
pub(crate) fn path_here() -> Option<PathBuf> {
    path_in(std::env::var_os("XDG_CONFIG_HOME"), platform_dir())
}

/// Why the configuration file cannot be used: where, and what to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// Line and column (1-based, columns in characters), when the problem has a place.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A value of the file and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub line: usize,
}

/// What the file says, every value checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub saves: Option<At<PathBuf>>,
    pub exports: Option<At<PathBuf>>,
    pub documents: Option<At<PathBuf>>,
    pub editor: Option<At<String>>,
    pub signer_name: Option<At<String>>,
    pub signer_title: Option<At<String>>,
    pub signer_email: Option<At<String>>,
}

impl FileSettings {
    fn signer(&self, part: SignerPart) -> Option<&At<String>> {
        match part {
            SignerPart::Name => self.signer_name.as_ref(),
            SignerPart::Title => self.signer_title.as_ref(),
            SignerPart::Email => self.signer_email.as_ref(),
        }
    }
}

/// The file as TOML: every key optional, none other allowed.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "settings (saves, exports, documents, editor, [signer])"
)]
struct RawFile {
    saves: Option<Spanned<String>>,
    exports: Option<Spanned<String>>,
    documents: Option<Spanned<String>>,
    editor: Option<Spanned<String>>,
    signer: Option<RawSigner>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [signer] table (name, title, email)"
)]
struct RawSigner {
    name: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
}

/// Reads the file at `path`: `None` when there is none; `home` expands `~/`.
pub fn load(path: &Path, home: Option<&Path>) -> Result<Option<FileSettings>, ConfigError> {
    let error = |at, message: String| ConfigError {
        path: path.to_path_buf(),
        at,
        message,
    };
    match read::read_text(path, MAX_CONFIG_BYTES) {
        Ok(text) => parse(&text, path, home).map(Some),
        Err(ReadProblem::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(ReadProblem::NotUtf8 { line, col }) => Err(error(
            Some((line, col)),
            "the text is not valid UTF-8 here; save the file as UTF-8".into(),
        )),
        Err(e) => Err(error(
            None,
            format!("cannot read the configuration file: {e}"),
        )),
    }
}

/// The settings `text` (the file at `path`) gives, every value checked.
pub fn parse(text: &str, path: &Path, home: Option<&Path>) -> Result<FileSettings, ConfigError> {
    let error = |offset: usize, message: String| ConfigError {
        path: path.to_path_buf(),
        at: Some(read::line_col(text, offset)),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        let offset = e.span().map_or(0, |s| s.start);
        error(offset, message)
    })?;
    let folder = |key: &str, value: Option<Spanned<String>>| {
        value
            .map(|v| {
                let offset = v.span().start;
                let line = read::line_col(text, offset).0;
                folder_path(v.get_ref(), home)
                    .map(|value| At { value, line })
                    .map_err(|why| error(offset, format!("{key}: {why}")))
            })
            .transpose()
    };
    let saves = folder("saves", raw.saves)?;
    let exports = folder("exports", raw.exports)?;
    let documents = folder("documents", raw.documents)?;
    let editor = raw
        .editor
        .map(|v| {
            let offset = v.span().start;
            let line = read::line_col(text, offset).0;
            let value = v.get_ref().trim();
            if value.is_empty() {
                Err(error(
                    offset,
                    "editor: it is empty; name a program (\"nano\", \"code --wait\") or leave the key out".into(),
                ))
            } else if value.chars().any(char::is_control) {
                Err(error(
                    offset,
                    "editor: it holds a control character or a line break; give one line".into(),
                ))
            } else {
                Ok(At {
                    value: value.to_string(),
                    line,
                })
            }
        })
        .transpose()?;
    let mut settings = FileSettings {
        saves,
        exports,
        documents,
        editor,
        ..FileSettings::default()
    };
    if let Some(raw) = raw.signer {
        for (part, value) in [
            (SignerPart::Name, raw.name),
            (SignerPart::Title, raw.title),
            (SignerPart::Email, raw.email),
        ] {
            let Some(value) = value else { continue };
            let offset = value.span().start;
            let line = read::line_col(text, offset).0;
            let checked = signer::check(part, value.get_ref())
                .map_err(|why| error(offset, format!("signer.{}: {why}", part.key())))?;
            let at = Some(At {
                value: checked,
                line,
            });
            match part {
                SignerPart::Name => settings.signer_name = at,
                SignerPart::Title => settings.signer_title = at,
                SignerPart::Email => settings.signer_email = at,
            }
        }
    }
    Ok(settings)
}

/// A folder as the file gives it: absolute, or starting with `~/` (the home folder). A
/// relative one is refused: it would change with the current directory.
fn folder_path(text: &str, home: Option<&Path>) -> Result<PathBuf, String> {
    if text.trim().is_empty() {
        return Err("it is empty; give a folder or leave the key out".into());
    }
    if text.chars().any(char::is_control) {
        return Err("the path holds a control character or a line break".into());
    }
    let path = if text == "~" || text.starts_with("~/") {
        let Some(home) = home else {
            return Err("no home folder is known to expand ~ in; give an absolute path".into());
        };
        home.join(text.trim_start_matches('~').trim_start_matches('/'))
    } else {
        PathBuf::from(text)
    };
    if !path.is_absolute() {
        return Err(format!(
            "{text:?} is a relative path; give an absolute path or one starting with ~/ \
             (a relative one would change with the current directory)"
        ));
    }
    Ok(path)
}

/// Where a setting's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag (`--saves`).
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// The configuration file, at this line.
    File { path: PathBuf, line: usize },
    /// The built-in default, and what it is.
    Default(&'static str),
}

impl Source {
    /// A stable id, for JSON: `flag`, `env`, `file` or `default`.
    pub fn id(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::File { .. } => "file",
            Source::Default(_) => "default",
        }
    }

    /// The flag, the variable, `FILE:LINE`, or what the default is.
    pub(crate) fn detail(&self) -> String {
        match self {
            Source::Flag(flag) => flag.to_string(),
            Source::Env(var) => var.to_string(),
            Source::File { path, line } => format!("{}:{line}", path.display()),
            Source::Default(what) => what.to_string(),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::File { .. } => write!(f, "config file {}", self.detail()),
            Source::Default(what) => write!(f, "default: {what}"),
        }
    }
}

/// A setting's value and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// The environment variables the settings read (an empty value counts as unset).
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub saves: Option<OsString>,
    pub exports: Option<OsString>,
    pub documents: Option<OsString>,
    pub editor: Option<OsString>,
    pub visual: Option<OsString>,
    pub editor_fallback: Option<OsString>,
}

impl Env {
    /// This process's.
    pub fn here() -> Self {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        Env {
            saves: var(SAVES_VAR),
            exports: var(EXPORTS_VAR),
            documents: var(DOCUMENTS_VAR),
            editor: var(EDITOR_VAR),
            visual: var("VISUAL"),
            editor_fallback: var("EDITOR"),
        }
    }
}

/// Every setting, resolved once the file and the environment are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub saves: SavesLocation,
    pub exports: PathBuf,
    pub documents: PathBuf,
    pub editor: String,
    pub signer: Signer,
}

/// The settings' inputs: the flags, the environment, the file (read, or why not), the
/// current directory and the platform's data folder. Each accessor resolves one setting.
#[derive(Debug, Clone)]
pub struct Settings {
    pub path: Option<PathBuf>,
    pub file: Result<Option<FileSettings>, ConfigError>,
    pub saves_flag: Option<PathBuf>,
    pub env: Env,
    pub cwd: PathBuf,
    pub data: Option<PathBuf>,
}

impl Settings {
    /// This process's settings: `saves_flag` is `--saves`.
    pub fn here(saves_flag: Option<&Path>) -> Self {
        let path = path_here();
        let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        let file = match &path {
            Some(path) => load(path, home.as_deref()),
            None => Ok(None),
        };
        Settings {
            path,
            file,
            saves_flag: saves_flag.map(Path::to_path_buf),
            env: Env::here(),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            data: location::data_saves_dir(),
        }
    }

    /// Whether the file is there (and read).
    pub(crate) fn file_found(&self) -> bool {
        matches!(self.file, Ok(Some(_)))
    }

    /// The file's settings, or why it cannot be read (none when it is missing).
    fn file(&self) -> Result<Option<&FileSettings>, ConfigError> {
        self.file.as_ref().map(Option::as_ref).map_err(Clone::clone)
    }

    fn in_file<T: Clone>(&self, at: &At<T>) -> Setting<T> {
        Setting {
            value: at.value.clone(),
            source: Source::File {
                path: self.path.clone().unwrap_or_default(),
                line: at.line,
            },
        }
    }

    /// The folder of drafts: `--saves`, `CLEC_WIZARD_SAVES`, the file's `saves`, then
    /// `./saves` when it is clec-wizard's, then the platform's data folder.
    pub fn saves(&self) -> Result<Setting<SavesLocation>, ConfigError> {
        let flag = self
            .saves_flag
            .as_deref()
            .filter(|p| !p.as_os_str().is_empty());
        let decided = flag.is_some() || self.env.saves.is_some();
        let configured = match decided {
            true => None,
            false => self.file()?.and_then(|f| f.saves.as_ref()),
        };
        let place = location::resolve(
            flag,
            self.env.saves.clone(),
            configured.map(|at| at.value.as_path()),
            &self.cwd,
            self.data.clone(),
        );
        let source = match (place.origin, configured) {
            (Origin::Flag, _) => Source::Flag("--saves"),
            (Origin::Env, _) => Source::Env(SAVES_VAR),
            (Origin::ConfigFile, Some(at)) => self.in_file(at).source,
            (origin, _) => Source::Default(origin.reason()),
        };
        Ok(Setting {
            value: place,
            source,
        })
    }

    /// Where exports go by default: `CLEC_WIZARD_EXPORTS`, the file's `exports`, then
    /// `exports/` inside the folder of drafts.
    pub fn exports(&self) -> Result<Setting<PathBuf>, ConfigError> {
        if let Some(dir) = &self.env.exports {
            return Ok(Setting {
                value: PathBuf::from(dir),
                source: Source::Env(EXPORTS_VAR),
            });
        }
        if let Some(at) = self.file()?.and_then(|f| f.exports.as_ref()) {
            return Ok(self.in_file(at));
        }
        Ok(Setting {
            value: location::exports_in(&self.saves()?.value.dir),
            source: Source::Default("exports/ inside the folder of drafts"),
        })
    }

    /// The folder document answers are relative to: `CLEC_WIZARD_DOCUMENTS`, the file's
    /// `documents`, then the folder of drafts.
    pub fn documents(&self) -> Result<Setting<PathBuf>, ConfigError> {
        if let Some(dir) = &self.env.documents {
            return Ok(Setting {
                value: PathBuf::from(dir),
                source: Source::Env(DOCUMENTS_VAR),
            });
        }
        if let Some(at) = self.file()?.and_then(|f| f.documents.as_ref()) {
            return Ok(self.in_file(at));
        }
        Ok(Setting {
            value: self.saves()?.value.dir,
            source: Source::Default("the folder of drafts"),
        })
    }

    /// The editor for long answers: `CLEC_WIZARD_EDITOR`, the file's `editor`, `VISUAL`,
    /// `EDITOR`, then `vi`.
    pub fn editor(&self) -> Result<Setting<String>, ConfigError> {
        let env = |value: &OsString, var| Setting {
            value: value.to_string_lossy().into_owned(),
            source: Source::Env(var),
        };
        if let Some(value) = &self.env.editor {
            return Ok(env(value, EDITOR_VAR));
        }
        if let Some(at) = self.file()?.and_then(|f| f.editor.as_ref()) {
            return Ok(self.in_file(at));
        }
        if let Some(value) = &self.env.visual {
            return Ok(env(value, "VISUAL"));
        }
        if let Some(value) = &self.env.editor_fallback {
            return Ok(env(value, "EDITOR"));
        }
        Ok(Setting {
            value: DEFAULT_EDITOR.into(),
            source: Source::Default("no editor named"),
        })
    }

    /// The signer's name, title or e-mail: only the file names them.
    pub(crate) fn signer_part(
        &self,
        part: SignerPart,
    ) -> Result<Option<Setting<String>>, ConfigError> {
        Ok(self
            .file()?
            .and_then(|f| f.signer(part))
            .map(|at| self.in_file(at)))
    }

    /// The signer the forms offer on their signer fields.
    pub fn signer(&self) -> Result<Signer, ConfigError> {
        let mut signer = Signer::default();
        for part in SignerPart::ALL {
            if let Some(setting) = self.signer_part(part)? {
                signer.set(part, setting.value);
            }
        }
        Ok(signer)
    }

    /// Every setting at once, or the first that the file's problem leaves unknown.
    pub(crate) fn resolved(&self) -> Result<Resolved, ConfigError> {
        Ok(Resolved {
            saves: self.saves()?.value,
            exports: self.exports()?.value,
            documents: self.documents()?.value,
            editor: self.editor()?.value,
            signer: self.signer()?,
        })
    }

    /// Every setting as `clec-wizard config` lists it: its key in the file, and its value
    /// as text with its source (`None`: no value), or the file's problem that hides it.
    pub fn entries(&self) -> Vec<Entry> {
        let text = |s: Result<Setting<PathBuf>, ConfigError>| {
            s.map(|s| {
                Some(Setting {
                    value: s.value.display().to_string(),
                    source: s.source,
                })
            })
        };
        let mut entries = vec![
            Entry {
                key: "saves",
                value: self.saves().map(|s| {
                    Some(Setting {
                        value: s.value.dir.display().to_string(),
                        source: s.source,
                    })
                }),
            },
            Entry {
                key: "exports",
                value: text(self.exports()),
            },
            Entry {
                key: "documents",
                value: text(self.documents()),
            },
            Entry {
                key: "editor",
                value: self.editor().map(Some),
            },
        ];
        for (key, part) in [
            ("signer.name", SignerPart::Name),
            ("signer.title", SignerPart::Title),
            ("signer.email", SignerPart::Email),
        ] {
            entries.push(Entry {
                key,
                value: self.signer_part(part),
            });
        }
        entries
    }
}

/// One line of `clec-wizard config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key in the file (`signer.name` is `name` in the `[signer]` table).
    pub key: &'static str,
    pub value: Result<Option<Setting<String>>, ConfigError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(file: Result<Option<FileSettings>, ConfigError>) -> Settings {
        Settings {
            path: Some(PathBuf::from("/cfg/clec-wizard/config.toml")),
            file,
            saves_flag: None,
            env: Env::default(),
            cwd: PathBuf::from("/nonexistent"),
            data: Some(PathBuf::from("/data/saves")),
        }
    }

    fn parsed(text: &str) -> Result<FileSettings, ConfigError> {
        parse(
            text,
            Path::new("/cfg/config.toml"),
            Some(Path::new("/home/u")),
        )
    }

    #[test]
    fn the_path_follows_xdg_config_home_when_absolute() {
        let platform = Some(PathBuf::from("/home/u/.config/clec-wizard"));
        assert_eq!(
            path_in(Some("/x".into()), platform.clone()),
            Some(PathBuf::from("/x/clec-wizard/config.toml"))
        );
        assert_eq!(
            path_in(Some("relative".into()), platform.clone()),
            Some(PathBuf::from("/home/u/.config/clec-wizard/config.toml")),
            "a relative XDG_CONFIG_HOME is ignored, as the specification says"
        );
        assert_eq!(path_in(None, None), None);
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let file = parsed(
            "# mine\nsaves = \"~/clec/saves\"\nexports = \"/srv/out\"\ndocuments = \"/srv/docs\"\n\
             editor = \"code --wait\"\n\n[signer]\nname = \"Dana Reyes\"\ntitle = \"CEO\"\n\
             email = \"dana@acme.example\"\n",
        )
        .unwrap();
        let at = |v: &str, line| {
            Some(At {
                value: PathBuf::from(v),
                line,
            })
        };
        assert_eq!(file.saves, at("/home/u/clec/saves", 2));
        assert_eq!(file.exports, at("/srv/out", 3));
        assert_eq!(file.documents, at("/srv/docs", 4));
        assert_eq!(file.editor.unwrap().value, "code --wait");
        assert_eq!(file.signer_email.unwrap().line, 10);
        assert_eq!(parsed("").unwrap(), FileSettings::default());
    }

    #[test]
    fn problems_name_file_line_and_column() {
        let err = parsed("saves = \"/a\"\nsves = \"/b\"\n").unwrap_err();
        assert_eq!(err.at, Some((2, 1)), "{err}");
        assert!(
            err.to_string().starts_with("/cfg/config.toml:2:1: "),
            "{err}"
        );
        assert!(err.message.contains("sves"), "{err}");
        let err = parsed("[signer]\nnick = \"D\"\n").unwrap_err();
        assert!(err.message.contains("nick"), "{err}");
        let err = parsed("saves = 3\n").unwrap_err();
        assert_eq!(err.at, Some((1, 9)), "{err}");
        let err = parsed("saves = \"drafts\"\n").unwrap_err();
        assert!(
            err.message
                .starts_with("saves: \"drafts\" is a relative path"),
            "{err}"
        );
        let err = parsed("\n[signer]\nemail = \"not an address\"\n").unwrap_err();
        assert_eq!(err.at, Some((3, 9)), "{err}");
        assert!(err.message.starts_with("signer.email: "), "{err}");
        let err = parsed("editor = \"\"\n").unwrap_err();
        assert!(err.message.contains("empty"), "{err}");
        let err = parsed("saves = \"/a\"\nsaves = \"/b\"\n").unwrap_err();
        assert_eq!(err.at.map(|a| a.0), Some(2), "{err}");
        assert!(parsed("saves = [\"/a\"").is_err());
    }

    #[test]
    fn flag_then_variable_then_file_then_default() {
        let file =
            parsed("saves = \"/f/saves\"\nexports = \"/f/out\"\neditor = \"nano\"\n").unwrap();
        let mut s = settings(Ok(Some(file)));
        let saves = s.saves().unwrap();
        assert_eq!(saves.value.dir, PathBuf::from("/f/saves"));
        assert_eq!(
            saves.source.to_string(),
            "config file /cfg/clec-wizard/config.toml:1"
        );
        assert_eq!(saves.value.origin, Origin::ConfigFile);
        assert_eq!(s.exports().unwrap().value, PathBuf::from("/f/out"));
        assert_eq!(s.documents().unwrap().value, PathBuf::from("/f/saves"));
        assert_eq!(s.editor().unwrap().value, "nano");
        s.env.saves = Some("/e/saves".into());
        s.env.exports = Some("/e/out".into());
        s.env.visual = Some("vim".into());
        assert_eq!(s.saves().unwrap().source, Source::Env(SAVES_VAR));
        assert_eq!(s.exports().unwrap().source, Source::Env(EXPORTS_VAR));
        assert_eq!(s.editor().unwrap().value, "nano", "the file before VISUAL");
        s.env.editor = Some("emacs".into());
        assert_eq!(s.editor().unwrap().source, Source::Env(EDITOR_VAR));
        s.saves_flag = Some(PathBuf::from("/flag"));
        assert_eq!(s.saves().unwrap().source, Source::Flag("--saves"));
        let bare = settings(Ok(None));
        assert_eq!(
            bare.saves().unwrap().value.dir,
            PathBuf::from("/data/saves")
        );
        assert_eq!(
            bare.exports().unwrap().value,
            PathBuf::from("/data/saves/exports")
        );
        assert_eq!(bare.editor().unwrap().value, "vi");
        assert_eq!(bare.signer().unwrap(), Signer::default());
    }

    #[test]
    fn a_broken_file_stops_only_what_it_would_decide() {
        let broken = ConfigError {
            path: PathBuf::from("/cfg/config.toml"),
            at: Some((1, 1)),
            message: "bad".into(),
        };
        let mut s = settings(Err(broken.clone()));
        assert_eq!(s.saves().unwrap_err(), broken);
        assert_eq!(s.signer().unwrap_err(), broken);
        s.saves_flag = Some(PathBuf::from("/flag"));
        s.env.editor = Some("nano".into());
        s.env.documents = Some("/docs".into());
        assert_eq!(s.saves().unwrap().value.dir, PathBuf::from("/flag"));
        assert_eq!(s.editor().unwrap().value, "nano");
        assert_eq!(s.documents().unwrap().value, PathBuf::from("/docs"));
        assert_eq!(s.exports().unwrap_err(), broken, "the file may name it");
    }

    #[cfg(unix)]
    #[test]
    fn missing_is_fine_and_special_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(load(&path, None), Ok(None));
        std::fs::write(&path, b"editor = \"nano\"\n\xff").unwrap();
        let err = load(&path, None).unwrap_err();
        assert_eq!(err.at, Some((2, 1)), "{err}");
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let err = load(&path, None).unwrap_err();
        assert!(err.message.contains("a folder"), "{err}");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "#".repeat(MAX_CONFIG_BYTES as usize + 1)).unwrap();
        assert!(load(&big, None).unwrap_err().message.contains("more than"));
    }
}
