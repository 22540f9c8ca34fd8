//! Section text that lives on the heap while a library loads, and in a read-only mapped file
//! while it serves.
//!
//! The bodies of a library are nearly all of its memory (86 MB of 220 at 3,500 documents), and
//! an answer reads a handful of them. The parser keeps one document's bodies in one heap
//! buffer; once the index is on disk, [`Library::map_bodies`](super::Library::map_bodies) points
//! every section at the same bytes in the index generation's `bodies.txt` and drops the
//! buffers. The pages of a mapped file are the kernel's page cache: read when an answer needs
//! them, shared by every process serving that index, dropped under memory pressure.

use std::fmt;
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

/// A piece of text: a range of a heap buffer or of a mapped file. Reads as `&str`; a mapped
/// range that is not UTF-8 (a file changed behind our back) reads as empty, never as a panic.
#[derive(Clone)]
pub struct Text {
    source: Arc<Source>,
    start: usize,
    end: usize,
}

/// Where texts keep their bytes.
pub enum Source {
    /// One document's bodies, one after another.
    Heap(String),
    /// A library's bodies, in the index generation's `bodies.txt`.
    Mapped(memmap2::Mmap),
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if matches!(self, Source::Heap(_)) { "heap" } else { "mapped" };
        write!(f, "Source({kind}, {} bytes)", self.len())
    }
}

impl Source {
    /// Maps `path` read-only.
    pub fn map(path: &Path) -> std::io::Result<Arc<Source>> {
        let file = std::fs::File::open(path)?;
        // SAFETY: the file is in an index generation, which is written once in a private
        // folder and renamed into place, and never written again; a generation deleted while
        // mapped keeps its pages until unmapped. This is how tantivy maps the index beside it.
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Ok(Arc::new(Source::Mapped(map)))
    }

    /// Drops this process's resident pages of a mapped file (they stay in the page cache, and
    /// the next read of one maps it again): after a scan of every body, such as the one that
    /// readies a snapshot, the pages the scan touched would otherwise count as the process's
    /// memory until the kernel needs them. Nothing for a heap buffer.
    pub fn drop_resident_pages(&self) {
        #[cfg(unix)]
        if let Source::Mapped(map) = self {
            // SAFETY: a shared read-only mapping of a file that is never written again (see
            // `map`): a page dropped is filled again from the same bytes of the file on the
            // next read, so no reader can see other contents.
            let dropped = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
            if let Err(e) = dropped {
                tracing::debug!(error = %e, "mapped bodies: madvise(DONTNEED) failed");
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Source::Heap(text) => text.as_bytes(),
            Source::Mapped(map) => map,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.bytes().len()
    }

    /// True when it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Text {
    /// Texts sharing one heap buffer: a document's bodies in one allocation, so that when
    /// they move to a mapped file the whole buffer goes back to the allocator at once.
    pub fn shared(parts: Vec<String>) -> Vec<Text> {
        let mut buffer = String::with_capacity(parts.iter().map(String::len).sum());
        let ranges: Vec<(usize, usize)> = parts
            .iter()
            .map(|part| {
                let start = buffer.len();
                buffer.push_str(part);
                (start, buffer.len())
            })
            .collect();
        drop(parts);
        let source = Arc::new(Source::Heap(buffer));
        ranges.into_iter().map(|(start, end)| Text { source: Arc::clone(&source), start, end }).collect()
    }

    /// The bytes `start..start + len` of `source`, when they are in it.
    pub fn in_source(source: &Arc<Source>, start: usize, len: usize) -> Option<Text> {
        let end = start.checked_add(len).filter(|&end| end <= source.len())?;
        Some(Text { source: Arc::clone(source), start, end })
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &*self.source {
            // Ranges of a heap buffer are cut at the ends of whole strings: no check needed.
            Source::Heap(text) => text.get(self.start..self.end).unwrap_or_default(),
            Source::Mapped(map) => {
                std::str::from_utf8(map.get(self.start..self.end).unwrap_or_default()).unwrap_or_default()
            }
        }
    }

    /// A text of its own, on the heap.
    pub fn owned(text: String) -> Text {
        let end = text.len();
        Text { source: Arc::new(Source::Heap(text)), start: 0, end }
    }

    /// `part` as a range of this text when this text holds it word for word (sharing its
    /// bytes: what is derived from a page costs no copy of it), else a text of its own.
    pub fn part_or_owned(&self, part: &str) -> Text {
        match self.as_str().find(part) {
            Some(at) if !part.is_empty() => {
                Text { source: Arc::clone(&self.source), start: self.start + at, end: self.start + at + part.len() }
            }
            _ => Text::owned(part.to_string()),
        }
    }

    /// This text at its new place, when it is a range of the buffer `before` is in and that
    /// buffer moved whole, `before` now being `after`: what the parser derived from a page's
    /// bodies (prompts, links) moves with them. `None` when it is not such a range, or when
    /// the bytes there differ (a buffer laid out otherwise than its file).
    pub fn moved_with(&self, before: &Text, after: &Text) -> Option<Text> {
        if !Arc::ptr_eq(&self.source, &before.source) || Arc::ptr_eq(&self.source, &after.source) {
            return None;
        }
        let start = (after.start + self.start).checked_sub(before.start)?;
        let moved = Text::in_source(&after.source, start, self.end - self.start)?;
        (moved.as_str() == self.as_str()).then_some(moved)
    }

    /// True when the text is in a mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(&*self.source, Source::Mapped(_))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::owned(text.to_string())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::owned(text)
    }
}

/// As the string it reads as.
impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// `section.body == "…"`, as when it was a `String`.
impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_texts_read_back_their_parts() {
        let texts = Text::shared(vec!["héllo".into(), String::new(), "wörld\n".into()]);
        assert_eq!(texts.iter().map(Text::as_str).collect::<Vec<_>>(), ["héllo", "", "wörld\n"]);
        assert!(Arc::ptr_eq(&texts[0].source, &texts[2].source), "one buffer");
    }

    #[test]
    fn a_mapped_range_reads_its_bytes_and_a_broken_one_reads_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bodies.txt");
        std::fs::write(&path, "abcé\u{1F600}".as_bytes()).unwrap();
        let source = Source::map(&path).unwrap();
        assert_eq!(Text::in_source(&source, 1, 4).unwrap().as_str(), "bcé");
        assert!(Text::in_source(&source, 1, 4).unwrap().is_mapped());
        // Inside a character: not UTF-8, so empty rather than a panic.
        assert_eq!(Text::in_source(&source, 4, 2).unwrap().as_str(), "");
        assert!(Text::in_source(&source, 5, 100).is_none(), "past the end");
        // A library whose sections are all empty writes an empty file.
        std::fs::write(&path, b"").unwrap();
        let empty = Source::map(&path).unwrap();
        assert_eq!(Text::in_source(&empty, 0, 0).unwrap().as_str(), "");
    }
}
