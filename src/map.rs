//! Small sorted maps and sets kept in a `Vec`.
//!
//! A manifest and a consent record hold tens of entries, rarely a few hundred. `BTreeMap` costs
//! several kilobytes of wasm for every key and value type it is used with, on every page view;
//! these are a binary search and a `Vec::insert`, and iterate in key order like it.

use crate::prelude::*;
use core::borrow::Borrow;

/// A map sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Map<K, V>(Vec<(K, V)>);

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Map(Vec::new())
    }
}

impl<K: Ord, V> Map<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        Map(Vec::new())
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        // No indexing and no `Vec::insert`: their panics format the index, which would bring
        // the formatting machinery into the gate builds (whose panics only trap): 3.7 KB of
        // wasm before wasm-opt.
        match self.find(&key) {
            Ok(i) => self
                .0
                .get_mut(i)
                .map(|entry| core::mem::replace(&mut entry.1, value)),
            Err(i) => {
                let len = self.0.len();
                if i <= len {
                    self.0.reserve(1);
                    // SAFETY: what `Vec::insert` does, whose index check is `i <= len` above:
                    // the room for one more was reserved, the items from `i` move up by one
                    // (overlapping), and the new one is written into the gap before the length
                    // grows to cover it.
                    unsafe {
                        let at = self.0.as_mut_ptr().add(i);
                        core::ptr::copy(at, at.add(1), len - i);
                        core::ptr::write(at, (key, value));
                        self.0.set_len(len + 1);
                    }
                }
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|e| &e.1)
    }

    /// Whether `key` is in the map.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Takes `key` out, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }
}

impl<K, V> Map<K, V> {
    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

/// A set sorted in order, each item once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set<K>(Map<K, ()>);

impl<K> Default for Set<K> {
    fn default() -> Self {
        Set(Map::default())
    }
}

impl<K: Ord> Set<K> {
    /// An empty set.
    pub const fn new() -> Self {
        Set(Map::new())
    }

    /// Adds `item`; false if it was there already.
    pub fn insert(&mut self, item: K) -> bool {
        self.0.insert(item, ()).is_none()
    }

    /// Whether `item` is in the set.
    pub fn contains<Q: Ord + ?Sized>(&self, item: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.contains_key(item)
    }

    /// Takes `item` out; false if it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, item: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.remove(item).is_some()
    }
}

impl<K> Set<K> {
    /// How many items there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The items in order.
    pub fn iter(&self) -> impl Iterator<Item = &K> {
        self.0.keys()
    }
}

impl<K> IntoIterator for Set<K> {
    type Item = K;
    type IntoIter = core::iter::Map<alloc::vec::IntoIter<(K, ())>, fn((K, ())) -> K>;

    fn into_iter(self) -> Self::IntoIter {
        self.0 .0.into_iter().map(|(k, ())| k)
    }
}

impl<K: Ord> Extend<K> for Set<K> {
    fn extend<I: IntoIterator<Item = K>>(&mut self, iter: I) {
        for item in iter {
            self.insert(item);
        }
    }
}

impl<K: Ord> FromIterator<K> for Set<K> {
    fn from_iter<I: IntoIterator<Item = K>>(iter: I) -> Self {
        let mut set = Set::new();
        set.extend(iter);
        set
    }
}

impl<K: Ord, const N: usize> From<[K; N]> for Set<K> {
    fn from(items: [K; N]) -> Self {
        items.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_keys_sorted_and_unique() {
        let mut m = Map::new();
        assert_eq!(m.insert("b".to_owned(), 2), None);
        assert_eq!(m.insert("a".to_owned(), 1), None);
        assert_eq!(m.insert("c".to_owned(), 3), None);
        assert_eq!(m.insert("b".to_owned(), 20), Some(2));
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(m.get("b"), Some(&20));
        assert_eq!(m.get("z"), None);
        assert!(m.contains_key("c"));
        assert_eq!(m.remove("a"), Some(1));
        assert_eq!(m.remove("a"), None);
        assert_eq!(m.len(), 2);
        assert_eq!(m, Map::from([("c".to_owned(), 3), ("b".to_owned(), 20)]));
    }

    #[test]
    fn set_adds_each_item_once() {
        let mut s: Set<String> = ["x", "a", "x"].map(String::from).into();
        assert_eq!(s.len(), 2);
        assert!(!s.insert("a".to_owned()));
        assert!(s.insert("m".to_owned()));
        assert_eq!(
            s.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a", "m", "x"]
        );
        assert!(s.remove("x"));
        assert!(!s.contains("x"));
    }
}
