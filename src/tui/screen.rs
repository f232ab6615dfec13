//! What the terminal shows, kept here cell by cell, and the bytes that change it.
//!
//! A full frame is laid out by ratatui into an off-screen buffer and only the cells that
//! differ from what is shown are written, in one `write` per frame. A key typed into a text
//! field redraws only that field and the status line ([`Screen::patch`]), so a keystroke
//! costs the cells it changes, not the whole screen. The size comes from resize events,
//! never from a query per frame; the cursor is hidden once, not on every frame.

use std::io::{self, Write};

use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::style::{Attribute, Color as CColor, Colors, Print, SetAttribute, SetColors};
use ratatui::backend::{IntoCrossterm, TestBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::Widget;
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
use unicode_width::UnicodeWidthStr;

/// The screen of a terminal, written to `W` (stdout in the wizard).
pub struct Screen<W: Write> {
    /// Lays out frames (its backend is never written: this screen writes the bytes).
    layout: Terminal<TestBackend>,
    /// What the terminal shows now.
    shown: Buffer,
    out: W,
    bytes: Vec<u8>,
}

/// What lays frames out for an area, and the buffer of what is shown. Ratatui's frame
/// needs a terminal, whose backend is never written (a one-cell one, so it holds no
/// screenful of its own). The terminal keeps two buffers, for the frame and the one
/// before; this screen keeps what is shown itself, so the terminal's first buffer becomes
/// that one: two screenfuls of cells are made, not three (0.55 MiB each at 200x60, every
/// page of it touched as it is made).
fn layout(area: Rect) -> (Terminal<TestBackend>, Buffer) {
    let mut terminal = Terminal::with_options(
        TestBackend::new(1, 1),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )
    .unwrap_or_else(|never| match never {});
    // Only the current buffer is reachable: take it, leaving a one-cell one, then make
    // the other current (ratatui's swap clears it, as a frame starts clear).
    let shown = std::mem::replace(
        terminal.current_buffer_mut(),
        Buffer::empty(Rect::new(0, 0, 1, 1)),
    );
    terminal.swap_buffers();
    (terminal, shown)
}

/// The style the terminal is in while a frame is written.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

const PLAIN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

impl<W: Write> Screen<W> {
    /// A screen of `width` x `height` that is blank now (the caller cleared it).
    pub fn new(out: W, width: u16, height: u16) -> Self {
        let (layout, shown) = layout(Rect::new(0, 0, width, height));
        Self {
            layout,
            shown,
            out,
            bytes: Vec::with_capacity(16 * 1024),
        }
    }

    pub fn area(&self) -> Rect {
        self.shown.area
    }

    /// The terminal changed size: it is cleared and the next frame draws everything.
    pub fn resize(&mut self, width: u16, height: u16) {
        (self.layout, self.shown) = layout(Rect::new(0, 0, width, height));
        self.forget();
    }

    /// Something else wrote to the terminal (an editor ran): clear it and draw everything.
    pub(crate) fn forget(&mut self) {
        self.shown.reset();
        self.bytes.extend_from_slice(b"\x1b[0m\x1b[2J");
    }

    /// Lays out a whole frame and writes the cells that changed; what `render` returned
    /// (what it drew where).
    pub fn draw<T>(&mut self, render: impl FnOnce(&mut Frame) -> T) -> io::Result<T> {
        let mut frame = self.layout.get_frame();
        let drawn = render(&mut frame);
        let next = self.layout.current_buffer_mut();
        let updates = self.shown.diff(next);
        write_cells(&mut self.bytes, updates.into_iter());
        std::mem::swap(&mut self.shown.content, &mut next.content);
        next.reset();
        self.flush()?;
        Ok(drawn)
    }

    /// Redraws `area` alone with `widget` (the rest of the screen stays as it is).
    pub fn patch(&mut self, area: Rect, widget: impl Widget) -> io::Result<()> {
        let area = area.intersection(self.shown.area);
        let mut next = Buffer::empty(area);
        widget.render(area, &mut next);
        let mut old = Buffer::empty(area);
        let width = area.width as usize;
        for (row, y) in (area.top()..area.bottom()).enumerate() {
            let at = self.shown.index_of(area.x, y);
            old.content[row * width..(row + 1) * width]
                .clone_from_slice(&self.shown.content[at..at + width]);
        }
        write_cells(&mut self.bytes, old.diff(&next).into_iter());
        for (row, y) in (area.top()..area.bottom()).enumerate() {
            let at = self.shown.index_of(area.x, y);
            self.shown.content[at..at + width]
                .clone_from_slice(&next.content[row * width..(row + 1) * width]);
        }
        Ok(())
    }

    /// Sends what was written since the last flush, in one write.
    pub fn flush(&mut self) -> io::Result<()> {
        if self.bytes.is_empty() {
            return Ok(());
        }
        self.out.write_all(&self.bytes)?;
        self.bytes.clear();
        self.out.flush()
    }

    /// What the terminal shows (for tests).
    pub fn shown(&self) -> &Buffer {
        &self.shown
    }

    /// The writer (for tests that count bytes).
    pub fn writer(&self) -> &W {
        &self.out
    }
}

/// The escape sequences and text that put `cells` on the screen: a cursor move only where
/// a cell does not follow the one before, a style change only where the style changes, and
/// the terminal's style reset once at the end if it is not plain already.
fn write_cells<'a>(out: &mut Vec<u8>, cells: impl Iterator<Item = (u16, u16, &'a Cell)>) {
    let mut pen = PLAIN;
    let mut at: Option<(u16, u16)> = None;
    for (x, y, cell) in cells {
        if at != Some((x, y)) {
            let _ = queue!(out, MoveTo(x, y));
        }
        pen = restyle(out, pen, cell);
        let _ = queue!(out, Print(printable(cell.symbol())));
        at = Some((x + cell.symbol().width().max(1) as u16, y));
    }
    if pen != PLAIN {
        let _ = queue!(out, SetAttribute(Attribute::Reset));
    }
}

/// The symbol itself, or `�` when it holds a character a terminal would act on instead
/// of showing (a control, or a bidirectional override or isolate that would reorder the
/// line): the last guard before the terminal, whatever a view let through.
fn printable(symbol: &str) -> &str {
    let acts = |c: char| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    if symbol.chars().any(acts) {
        "\u{fffd}"
    } else {
        symbol
    }
}

/// Changes the terminal's style from `pen` to the cell's; returns the new pen.
fn restyle(out: &mut Vec<u8>, mut pen: Pen, cell: &Cell) -> Pen {
    if cell.modifier != pen.modifier {
        if !(pen.modifier - cell.modifier).is_empty() {
            let _ = queue!(out, SetAttribute(Attribute::Reset));
            pen = PLAIN;
        }
        for (flag, attribute) in ATTRIBUTES {
            if cell.modifier.contains(flag) && !pen.modifier.contains(flag) {
                let _ = queue!(out, SetAttribute(attribute));
            }
        }
        pen.modifier = cell.modifier;
    }
    if cell.fg != pen.fg || cell.bg != pen.bg {
        let fg: CColor = cell.fg.into_crossterm();
        let bg: CColor = cell.bg.into_crossterm();
        let _ = queue!(out, SetColors(Colors::new(fg, bg)));
        pen.fg = cell.fg;
        pen.bg = cell.bg;
    }
    pen
}

const ATTRIBUTES: [(Modifier, Attribute); 8] = [
    (Modifier::BOLD, Attribute::Bold),
    (Modifier::DIM, Attribute::Dim),
    (Modifier::ITALIC, Attribute::Italic),
    (Modifier::UNDERLINED, Attribute::Underlined),
    (Modifier::SLOW_BLINK, Attribute::SlowBlink),
    (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    (Modifier::REVERSED, Attribute::Reverse),
    (Modifier::CROSSED_OUT, Attribute::CrossedOut),
];

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;
    use ratatui::text::Line;

    fn screen() -> Screen<Vec<u8>> {
        Screen::new(Vec::new(), 20, 3)
    }

    #[test]
    fn frames_are_laid_out_over_the_whole_area_after_a_resize_too() {
        let mut s = screen();
        for (w, h) in [(20, 3), (7, 2), (30, 4)] {
            s.resize(w, h);
            s.out.clear();
            s.draw(|f| {
                assert_eq!(f.area(), Rect::new(0, 0, w, h));
                let end = (w - 1, h - 1);
                f.buffer_mut()[end].set_symbol("x");
            })
            .unwrap();
            assert_eq!(s.shown().area, Rect::new(0, 0, w, h));
            assert_eq!(s.shown()[(w - 1, h - 1)].symbol(), "x");
            // The frame starts clear: only the new cell is written after the clear.
            let written = String::from_utf8_lossy(&s.out).into_owned();
            assert!(written.ends_with(&format!("\x1b[{h};{w}Hx")), "{written:?}");
        }
    }

    #[test]
    fn only_the_cells_that_change_are_written() {
        let mut s = screen();
        s.draw(|f| f.render_widget(Line::raw("hello"), f.area()))
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&s.out), "\x1b[1;1Hhello");
        s.out.clear();
        s.draw(|f| f.render_widget(Line::raw("help"), f.area()))
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&s.out), "\x1b[1;4Hp ");
    }

    #[test]
    fn styles_change_where_they_change_and_end_plain() {
        let mut s = screen();
        let line = Line::from(vec![
            ratatui::text::Span::styled("ab", Style::new().fg(Color::Red)),
            ratatui::text::Span::styled("c", Style::new().add_modifier(Modifier::REVERSED)),
        ]);
        s.draw(|f| f.render_widget(line, f.area())).unwrap();
        let text = String::from_utf8_lossy(&s.out).into_owned();
        assert_eq!(text.matches("\x1b[1;1H").count(), 1, "one move: {text:?}");
        assert!(text.ends_with("c\x1b[0m"), "{text:?}");
    }

    #[test]
    fn nothing_that_acts_on_a_terminal_is_written() {
        let mut s = screen();
        // A bidirectional override sticks to the grapheme before it in ratatui's buffer.
        s.draw(|f| f.render_widget(Line::raw("a\u{202e}cba \u{1b}[2J"), f.area()))
            .unwrap();
        let text = String::from_utf8_lossy(&s.out).into_owned();
        assert!(
            !text.contains('\u{202e}') && !text.contains("\u{1b}[2J"),
            "{text:?}"
        );
        assert!(text.contains("\u{fffd}cba"), "{text:?}");
    }

    #[test]
    fn a_patch_writes_its_area_only_and_is_remembered() {
        let mut s = screen();
        s.draw(|f| f.render_widget(Line::raw("one two"), f.area()))
            .unwrap();
        s.out.clear();
        s.patch(Rect::new(4, 0, 3, 1), Line::raw("TWO")).unwrap();
        s.flush().unwrap();
        assert_eq!(String::from_utf8_lossy(&s.out), "\x1b[1;5HTWO");
        assert_eq!(s.shown()[(5, 0)].symbol(), "W");
        s.out.clear();
        // The next full frame compares with what the patch left.
        s.draw(|f| f.render_widget(Line::raw("one TWO"), f.area()))
            .unwrap();
        assert!(s.out.is_empty(), "{:?}", String::from_utf8_lossy(&s.out));
    }
}
