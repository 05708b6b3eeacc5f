//! The locks pyssl uses: `std::sync::Mutex` and `RwLock`, recovering from
//! poisoning (a panic while a lock was held cannot leave OpenSSL state
//! half-updated in a way that matters more than refusing service), and
//! reporting each acquire and release to helgrind in `tools/stress.sh`'s
//! build ([`crate::ffi::valgrind`]; nothing otherwise).

use std::ops::{Deref, DerefMut};

use crate::ffi::valgrind;

/// A mutual-exclusion lock (`std::sync::Mutex`).
#[derive(Default)]
pub(crate) struct Mutex<T> {
    inner: std::sync::Mutex<T>,
}

impl<T> Mutex<T> {
    pub(crate) const fn new(value: T) -> Mutex<T> {
        Mutex {
            inner: std::sync::Mutex::new(value),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        valgrind::lock_acquired(&self.inner, true);
        MutexGuard {
            guard: Some(guard),
            lock: &self.inner,
        }
    }
}

impl<T> Drop for Mutex<T> {
    fn drop(&mut self) {
        valgrind::lock_destroyed(&self.inner);
    }
}

/// What [`Mutex::lock`] returns. The std guard is only `None` inside `drop`.
pub(crate) struct MutexGuard<'a, T> {
    guard: Option<std::sync::MutexGuard<'a, T>>,
    lock: &'a std::sync::Mutex<T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.guard.as_ref().expect("held until drop")
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.guard.as_mut().expect("held until drop")
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // Reported before the real unlock, so no other thread can be seen
        // acquiring it first.
        valgrind::lock_released(self.lock);
        self.guard.take();
    }
}

/// A reader-writer lock (`std::sync::RwLock`).
pub(crate) struct RwLock<T> {
    inner: std::sync::RwLock<T>,
}

impl<T> RwLock<T> {
    pub(crate) const fn new(value: T) -> RwLock<T> {
        RwLock {
            inner: std::sync::RwLock::new(value),
        }
    }

    pub(crate) fn read(&self) -> ReadGuard<'_, T> {
        let guard = self.inner.read().unwrap_or_else(|e| e.into_inner());
        valgrind::lock_acquired(&self.inner, false);
        ReadGuard {
            guard: Some(guard),
            lock: &self.inner,
        }
    }

    pub(crate) fn write(&self) -> WriteGuard<'_, T> {
        let guard = self.inner.write().unwrap_or_else(|e| e.into_inner());
        valgrind::lock_acquired(&self.inner, true);
        WriteGuard {
            guard: Some(guard),
            lock: &self.inner,
        }
    }
}

impl<T> Drop for RwLock<T> {
    fn drop(&mut self) {
        valgrind::lock_destroyed(&self.inner);
    }
}

/// What [`RwLock::read`] returns (the std guard is only `None` inside `drop`).
pub(crate) struct ReadGuard<'a, T> {
    guard: Option<std::sync::RwLockReadGuard<'a, T>>,
    lock: &'a std::sync::RwLock<T>,
}

/// What [`RwLock::write`] returns.
pub(crate) struct WriteGuard<'a, T> {
    guard: Option<std::sync::RwLockWriteGuard<'a, T>>,
    lock: &'a std::sync::RwLock<T>,
}

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.guard.as_ref().expect("held until drop")
    }
}

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.guard.as_ref().expect("held until drop")
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.guard.as_mut().expect("held until drop")
    }
}

impl<T> Drop for ReadGuard<'_, T> {
    fn drop(&mut self) {
        valgrind::lock_released(self.lock);
        self.guard.take();
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        valgrind::lock_released(self.lock);
        self.guard.take();
    }
}
