//! Waiting for the terminal: input, a signal, or the end of a timeout; and telling when the
//! terminal has gone away. crossterm reads the events themselves; this only waits, with
//! poll(2) on the terminal, because crossterm's reader spins forever on a closed
//! terminal's end-of-file.

use std::io;
use std::time::Duration;

/// What ended a wait.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Wait {
    /// Input is there, or a signal arrived (a resize, Ctrl-Z...): look at the events.
    Ready,
    /// The time given ran out.
    Timeout,
    /// The terminal hung up: no input will ever come.
    HungUp,
}

/// Waits for input on standard input for at most `timeout` (forever with `None`).
#[cfg(unix)]
pub fn wait(timeout: Option<Duration>) -> io::Result<Wait> {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = timeout.map_or(-1, |t| t.as_millis().min(i32::MAX as u128) as i32);
    // SAFETY: one valid pollfd, its count, and a timeout.
    let ready = unsafe { libc::poll(&mut fd, 1, millis) };
    if ready < 0 {
        let e = io::Error::last_os_error();
        return match e.kind() {
            io::ErrorKind::Interrupted => Ok(Wait::Ready),
            _ => Err(e),
        };
    }
    if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Ok(Wait::HungUp);
    }
    Ok(if ready == 0 {
        Wait::Timeout
    } else {
        Wait::Ready
    })
}

/// Elsewhere crossterm waits itself.
#[cfg(not(unix))]
pub fn wait(timeout: Option<Duration>) -> io::Result<Wait> {
    let ready = crossterm::event::poll(timeout.unwrap_or(Duration::from_millis(250)))?;
    Ok(if ready { Wait::Ready } else { Wait::Timeout })
}
