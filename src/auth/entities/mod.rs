//! Table mappings for accounts and everything that lets a person sign in.

pub mod account;
pub mod instance_secret;
pub mod invitation;
pub mod membership;
pub mod password_reset;
pub mod session;
pub mod sign_in_attempt;
