//! [`Shared`]: an `Rc` that properties and state compare by identity.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc` compared by identity: a component re-renders when it is handed another manifest or
/// other texts, and never walks one to compare it (a deep comparison of the manifest would
/// cost the first visit's download kilobytes, and each render time).
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}
