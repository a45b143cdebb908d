//! Append-only storage for the validator's cross-file index, sized for a
//! million articles: names packed into shared buffers instead of one
//! allocation each, ids found through a table of numbers, and growth in
//! fixed chunks, so that growing never copies what is already held (a
//! doubling `Vec` briefly holds its old and new buffers at once, which was
//! a third of the peak memory at a million articles).

use std::hash::{BuildHasher, Hash};

use hashbrown::HashTable;

/// Values per chunk of a [`Chunked`]: 64 Ki of them.
const CHUNK_VALUES: usize = 1 << 16;

/// Bytes per buffer of [`Names`]: 1 MiB.
const CHUNK_BYTES: usize = 1 << 20;

/// A growable array of small `Copy` values in chunks of 64 Ki: pushing
/// never moves what is stored.
#[derive(Debug)]
pub(crate) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T: Copy> Chunked<T> {
    pub(crate) fn push(&mut self, value: T) {
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK_VALUES => chunk.push(value),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK_VALUES);
                chunk.push(value);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The value at `i`; panics past the end, as slice indexing does.
    pub(crate) fn get(&self, i: usize) -> T {
        self.chunks[i / CHUNK_VALUES][i % CHUNK_VALUES]
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.chunks.iter().flatten().copied()
    }
}

/// Strings packed into 1 MiB buffers, numbered in the order they were
/// added: four bytes of overhead a name instead of a `String` each.
#[derive(Debug, Default)]
pub(crate) struct Names {
    buffers: Vec<String>,
    /// Where each name starts in its buffer.
    starts: Vec<u32>,
    /// The number of the first name in each buffer.
    firsts: Vec<u32>,
}

impl Names {
    /// Adds `name`; returns its number.
    pub(crate) fn push(&mut self, name: &str) -> u32 {
        let number = self.starts.len() as u32;
        let fits = self
            .buffers
            .last()
            .is_some_and(|b| b.capacity() - b.len() >= name.len());
        if !fits {
            self.buffers
                .push(String::with_capacity(CHUNK_BYTES.max(name.len())));
            self.firsts.push(number);
        }
        let buffer = self.buffers.last_mut().expect("a buffer was just ensured");
        // A buffer holds at most max(1 MiB, one name), and a name longer
        // than 1 MiB starts its own buffer at 0: starts fit in u32.
        self.starts.push(buffer.len() as u32);
        buffer.push_str(name);
        number
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// The name numbered `n`; panics for a number never returned by
    /// [`Names::push`].
    pub(crate) fn get(&self, n: u32) -> &str {
        let b = self.firsts.partition_point(|&first| first <= n) - 1;
        let buffer = &self.buffers[b];
        let start = self.starts[n as usize] as usize;
        let next = n as usize + 1;
        let last_in_buffer =
            next == self.starts.len() || self.firsts.get(b + 1) == Some(&(next as u32));
        let end = if last_in_buffer {
            buffer.len()
        } else {
            self.starts[next] as usize
        };
        &buffer[start..end]
    }
}

impl<S: AsRef<str>> FromIterator<S> for Names {
    fn from_iter<I: IntoIterator<Item = S>>(names: I) -> Self {
        let mut all = Names::default();
        for name in names {
            all.push(name.as_ref());
        }
        all
    }
}

/// A set of distinct values numbered in the order they were added, found
/// by value through a table of numbers (four bytes a slot), not of copies.
pub(crate) struct Numbered<T> {
    values: Vec<T>,
    table: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl<T> Default for Numbered<T> {
    fn default() -> Self {
        Numbered {
            values: Vec::new(),
            table: HashTable::new(),
            hasher: foldhash::fast::RandomState::default(),
        }
    }
}

impl<T: Hash + Eq> Numbered<T> {
    /// The number of `value`, adding it if it is new.
    pub(crate) fn number(&mut self, value: T) -> u32 {
        let hash = self.hasher.hash_one(&value);
        let Numbered {
            values,
            table,
            hasher,
        } = self;
        let found = table.find(hash, |&n| values[n as usize] == value).copied();
        found.unwrap_or_else(|| {
            let n = values.len() as u32;
            values.push(value);
            table.insert_unique(hash, n, |&k| hasher.hash_one(&values[k as usize]));
            n
        })
    }

    pub(crate) fn get(&self, n: u32) -> &T {
        &self.values[n as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }
}

/// Article ids and the file each was first read from: the ids packed as
/// [`Names`], found through a table of their numbers.
#[derive(Default)]
pub(crate) struct IdMap {
    ids: Names,
    files: Vec<u32>,
    table: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl IdMap {
    /// Records that `id` is in `file`, unless it is already known; then
    /// returns the file that has it.
    pub(crate) fn insert(&mut self, id: &str, file: u32) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        let IdMap {
            ids,
            files,
            table,
            hasher,
        } = self;
        if let Some(&n) = table.find(hash, |&n| ids.get(n) == id) {
            return Some(files[n as usize]);
        }
        let n = ids.push(id);
        files.push(file);
        table.insert_unique(hash, n, |&k| hasher.hash_one(ids.get(k)));
        None
    }

    /// The file that holds `id`, if any does.
    pub(crate) fn get(&self, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |&n| self.ids.get(n) == id)
            .map(|&n| self.files[n as usize])
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_as_they_went_in_across_buffers() {
        // Lengths from empty to past a buffer, so that names end exactly
        // at, straddle and exceed a buffer's end.
        let lengths = [
            0,
            1,
            7,
            CHUNK_BYTES - 3,
            5,
            CHUNK_BYTES + 9,
            0,
            2,
            CHUNK_BYTES,
            4,
        ];
        let written: Vec<String> = lengths
            .iter()
            .enumerate()
            .map(|(i, &n)| char::from(b'a' + i as u8).to_string().repeat(n))
            .collect();
        let mut names = Names::default();
        for (i, name) in written.iter().enumerate() {
            assert_eq!(names.push(name), i as u32);
        }
        assert_eq!(names.len(), written.len());
        for (i, name) in written.iter().enumerate() {
            assert_eq!(names.get(i as u32), name, "name {i}");
        }
    }

    #[test]
    fn names_hold_multibyte_text_whole() {
        let written = ["مرحبا", "", "a", "ﷺ", "😀x"];
        let names: Names = written.iter().collect();
        for (i, name) in written.iter().enumerate() {
            assert_eq!(names.get(i as u32), *name);
        }
    }

    #[test]
    fn chunked_keeps_order_past_a_chunk() {
        let mut values = Chunked::default();
        let n = CHUNK_VALUES * 2 + 5;
        for i in 0..n {
            values.push(i as u32);
        }
        assert_eq!(values.len(), n);
        assert_eq!(values.get(CHUNK_VALUES), CHUNK_VALUES as u32);
        assert!(values.iter().enumerate().all(|(i, v)| v == i as u32));
    }

    #[test]
    fn numbered_gives_one_number_per_distinct_value() {
        let mut numbers = Numbered::default();
        let got: Vec<u32> = [3, 1, 3, 2, 1, 3].map(|v| numbers.number(v)).to_vec();
        assert_eq!(got, [0, 1, 0, 2, 1, 0]);
        assert_eq!(numbers.len(), 3);
        assert_eq!(*numbers.get(2), 2);
    }

    #[test]
    fn id_map_keeps_the_first_file_of_an_id() {
        let mut ids = IdMap::default();
        assert_eq!(ids.insert("a", 4), None);
        assert_eq!(ids.insert("b", 5), None);
        assert_eq!(ids.insert("a", 6), Some(4));
        assert_eq!(ids.get("a"), Some(4));
        assert_eq!(ids.get("b"), Some(5));
        assert!(!ids.contains("c"));
        // Many ids: the table grows and rehashes from the packed names.
        for i in 0..10_000 {
            assert_eq!(ids.insert(&format!("id-{i}"), i), None);
        }
        assert!((0..10_000).all(|i| ids.get(&format!("id-{i}")) == Some(i)));
    }
}
