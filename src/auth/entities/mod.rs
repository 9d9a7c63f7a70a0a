//! Table mappings for accounts and everything that lets a person sign in.

pub mod account;
pub mod instance_secret;
pub mod invitation;
pub mod membership;
pub mod password_reset;
pub mod pending_sign_in;
pub mod recovery_code;
pub mod session;
pub mod sign_in_attempt;
pub mod two_step_secret;
