//! The `.gitignore` of a folder of drafts: what stays out of a team's repository.

use std::io;
use std::path::Path;

use super::files::write_atomic;

/// What a new folder of drafts gets in `.gitignore`.
pub const GITIGNORE: &str = "\
# clec-wizard: locks, backups, temporary files, where each user left off, the records
# of what each user exported, and the trash of deleted drafts (each user's own)
.*.lock
.*.tmp
.*.resume
.*.exports
*.bak
.trash/
# what was exported (made from the drafts, and sent by e-mail)
/exports/
";

/// Writes `.gitignore` in the folder of drafts, unless there is one.
pub fn write(dir: &Path) -> io::Result<()> {
    match write_atomic(&dir.join(".gitignore"), GITIGNORE.as_bytes(), false) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}
