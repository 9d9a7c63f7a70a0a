//! Roles, permissions, and the one table saying which role may do what.

use serde::Serialize;

/// What a member may do in an organization. A member may hold several roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including managing members.
    Admin,
    /// Pages, articles, media, menus.
    Editor,
    /// Money: gifts, funds, receipts.
    Treasurer,
    /// Supporters and events.
    Organizer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Treasurer, Role::Organizer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Treasurer => "treasurer",
            Role::Organizer => "organizer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Something a member may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the core group's dashboard.
    UseDashboard,
    /// Invite members, change their roles, remove them.
    ManageMembers,
    /// Read the audit log.
    ReadAudit,
    /// Write and publish content.
    EditContent,
    /// See and change supporters: their records, tags, notes, consents, segments, exports.
    ManageSupporters,
    /// Money: enter gifts, refunds and transfers, see amounts, funds, campaigns, receipts.
    ManageMoney,
    /// See who gives (names, not amounts).
    SeeDonors,
    /// Create, edit and cancel events; see registrations; check people in.
    ManageEvents,
}

/// The authorization matrix: every permission and the roles that hold it. Nothing else in
/// the code decides who may do what.
pub const MATRIX: &[(Permission, &[Role])] = &[
    (Permission::UseDashboard, &[Role::Admin, Role::Editor, Role::Treasurer, Role::Organizer]),
    (Permission::ManageMembers, &[Role::Admin]),
    (Permission::ReadAudit, &[Role::Admin]),
    (Permission::EditContent, &[Role::Admin, Role::Editor]),
    (Permission::ManageSupporters, &[Role::Admin, Role::Organizer]),
    (Permission::ManageMoney, &[Role::Admin, Role::Treasurer]),
    (Permission::SeeDonors, &[Role::Admin, Role::Treasurer, Role::Organizer]),
    (Permission::ManageEvents, &[Role::Admin, Role::Organizer]),
];

/// Whether any of `roles` holds `permission`.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    MATRIX.iter().find(|(p, _)| *p == permission).is_some_and(|(_, holders)| roles.iter().any(|r| holders.contains(r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_is_in_the_matrix_once() {
        for permission in [
            Permission::UseDashboard,
            Permission::ManageMembers,
            Permission::ReadAudit,
            Permission::EditContent,
            Permission::ManageSupporters,
            Permission::ManageMoney,
            Permission::SeeDonors,
            Permission::ManageEvents,
        ] {
            assert_eq!(MATRIX.iter().filter(|(p, _)| *p == permission).count(), 1, "{permission:?}");
            assert!(allows(&[Role::Admin], permission), "admin may do everything: {permission:?}");
        }
        assert!(!allows(&[], Permission::UseDashboard));
        assert!(!allows(&[Role::Treasurer], Permission::EditContent));
        assert!(allows(&[Role::Treasurer, Role::Editor], Permission::EditContent));
        assert!(allows(&[Role::Organizer], Permission::ManageSupporters));
        assert!(!allows(&[Role::Editor, Role::Treasurer], Permission::ManageSupporters));
        assert!(!allows(&[Role::Editor], Permission::ManageMoney) && !allows(&[Role::Editor], Permission::SeeDonors));
        assert!(
            allows(&[Role::Organizer], Permission::SeeDonors) && !allows(&[Role::Organizer], Permission::ManageMoney)
        );
        assert!(allows(&[Role::Organizer, Role::Treasurer], Permission::ManageMoney));
        assert!(allows(&[Role::Organizer], Permission::ManageEvents));
        assert!(!allows(&[Role::Editor, Role::Treasurer], Permission::ManageEvents));
        // Delegations: their applications are behind ManageEvents, so an editor or a treasurer
        // never sees them. The sensitive answers need more than the role: organizing that
        // delegation, or being an admin (`events::delegations::organizes`, walked per
        // delegation in tests/integration/delegations.rs).
        assert!(!allows(&[Role::Editor], Permission::ManageEvents));
        assert!(!allows(&[Role::Treasurer], Permission::ManageEvents));
        assert!(
            allows(&[Role::Organizer], Permission::ManageEvents)
                && !allows(&[Role::Organizer], Permission::ManageMembers)
        );
    }
}
