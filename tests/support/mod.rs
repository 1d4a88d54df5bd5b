//! Test doubles of real services, speaking the real protocols over loopback.

pub mod dovecot;
pub mod emulator;
pub mod mailservers;
pub mod powershell;
pub mod tds;
