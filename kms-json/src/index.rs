//! Where a byte offset is: line and character column, computed once per
//! text and answered in O(log n) without rescanning any line.

use std::ops::Range;

/// Line starts and the multi-byte characters of a text, computed once:
/// [`SourceIndex::line_col`] of any offset is two binary searches, so
/// locating many findings on one long line (a minified policy) stays
/// linear in their number.
///
/// ```
/// let text = "{\"a\":\r\n  \"é\", \"b\"}";
/// let index = kms_json::SourceIndex::new(text);
/// assert_eq!(index.line_col(text.find("\"b\"").unwrap()), (2, 8));
/// assert_eq!(&text[index.line_range(2)], "  \"é\", \"b\"}");
/// assert_eq!(&text[index.line_range(1)], "{\"a\":"); // no `\r`
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceIndex {
    /// Byte offset of each line's first byte; `[0]` first.
    line_starts: Vec<usize>,
    /// Each multi-byte character: its first byte and its length in bytes.
    wide: Vec<(usize, u8)>,
    /// Extra bytes (length - 1) of the multi-byte characters before each
    /// entry of `wide`, with the grand total last: a prefix sum.
    extra_before: Vec<usize>,
    /// Whether the line ends before `line_starts[i + 1]` with `\r\n`.
    crlf: Vec<bool>,
    len: usize,
}

impl SourceIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> SourceIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut crlf = Vec::new();
        let mut wide = Vec::new();
        let mut extra_before = Vec::new();
        let mut extra = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b == b'\n' {
                    crlf.push(i > 0 && bytes[i - 1] == b'\r');
                    line_starts.push(i + 1);
                }
                i += 1;
                continue;
            }
            let width = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            wide.push((i, width as u8));
            extra_before.push(extra);
            extra += width - 1;
            i += width;
        }
        extra_before.push(extra);
        crlf.push(bytes.last() == Some(&b'\r'));
        SourceIndex {
            line_starts,
            wide,
            extra_before,
            crlf,
            len: text.len(),
        }
    }

    /// The number of lines (a text without `\n` has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line of byte `offset` (clamped to the text).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// The 1-based line and column of byte `offset`, the column counted in
    /// characters. An offset inside a character counts as that character;
    /// one past the end is the column after the last character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.len));
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        (line, self.char_count(start..offset) + 1)
    }

    /// The number of characters in a byte range of the text (ends clamped
    /// to character boundaries), in O(log n).
    pub fn char_count(&self, range: Range<usize>) -> usize {
        let start = self.floor_char_boundary(range.start.min(self.len));
        let end = self.floor_char_boundary(range.end.min(self.len)).max(start);
        (end - start) - (self.extra_up_to(end) - self.extra_up_to(start))
    }

    /// The byte offset `chars` characters after `from` (clamped to the
    /// end of the text), in O(log n + chars) at worst.
    pub fn advance(&self, from: usize, chars: usize) -> usize {
        let mut at = self.floor_char_boundary(from.min(self.len));
        for _ in 0..chars {
            if at >= self.len {
                break;
            }
            at += self.char_len_at(at);
        }
        at.min(self.len)
    }

    /// The byte offset `chars` characters before `from` (clamped to 0).
    pub fn retreat(&self, from: usize, chars: usize) -> usize {
        let mut at = self.floor_char_boundary(from.min(self.len));
        for _ in 0..chars {
            if at == 0 {
                break;
            }
            at = self.floor_char_boundary(at - 1);
        }
        at
    }

    /// The byte range of 1-based `line`, without its line break (`\n` or
    /// `\r\n`); empty past the last line.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let Some(&start) = line.checked_sub(1).and_then(|i| self.line_starts.get(i)) else {
            return self.len..self.len;
        };
        let end = match self.line_starts.get(line) {
            Some(&next) => next - 1 - usize::from(self.crlf[line - 1]),
            None => self.len - usize::from(self.crlf[line - 1]),
        };
        start..end.max(start)
    }

    /// The start of the character that contains byte `offset`.
    pub fn floor_char_boundary(&self, offset: usize) -> usize {
        let i = self.wide.partition_point(|&(start, _)| start <= offset);
        match i.checked_sub(1).map(|i| self.wide[i]) {
            Some((start, width)) if offset < start + width as usize => start,
            _ => offset,
        }
    }

    fn char_len_at(&self, offset: usize) -> usize {
        let i = self.wide.partition_point(|&(start, _)| start < offset);
        match self.wide.get(i) {
            Some(&(start, width)) if start == offset => width as usize,
            _ => 1,
        }
    }

    /// Extra bytes of the multi-byte characters starting before `offset`.
    fn extra_up_to(&self, offset: usize) -> usize {
        let i = self.wide.partition_point(|&(start, _)| start < offset);
        self.extra_before[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, by counting.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        (line, before[line_start..].chars().count() + 1)
    }

    #[test]
    fn agrees_with_counting_on_mixed_text() {
        let text = "a€b\r\n\n𝄞 x\"é\"\n\nlast";
        let index = SourceIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_col(offset), naive(text, offset), "{offset}");
        }
        assert_eq!(index.line_count(), 5);
        assert_eq!(&text[index.line_range(1)], "a€b");
        assert_eq!(&text[index.line_range(2)], "");
        assert_eq!(&text[index.line_range(5)], "last");
        assert_eq!(index.line_range(6), text.len()..text.len());
        assert_eq!(index.char_count(0..text.len()), text.chars().count());
        let x = text.find('x').unwrap();
        assert_eq!(&text[index.retreat(x, 2)..x], "𝄞 ");
        assert_eq!(&text[x..index.advance(x, 3)], "x\"é");
    }

    #[test]
    fn empty_text() {
        let index = SourceIndex::new("");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(9), (1, 1));
        assert_eq!(index.line_range(1), 0..0);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_counting(text in "(\\PC|\r|\n){0,40}", offset in 0usize..200) {
            let index = SourceIndex::new(&text);
            proptest::prop_assert_eq!(index.line_col(offset), naive(&text, offset));
            let line = index.line_col(offset).0;
            let range = index.line_range(line);
            proptest::prop_assert!(!text[range].contains('\n'));
        }
    }
}
