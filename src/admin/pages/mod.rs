//! Handlers of the admin pages, and the frame they share.

pub mod account;
pub mod audit;
pub mod dashboard;
pub mod invitations;
pub mod members;
pub mod sessions;

use serde::Serialize;

use super::Member;
use crate::auth::roles::Permission;

/// One entry of the admin navigation.
#[derive(Debug, Serialize)]
pub struct NavItem {
    /// Fluent key of the label.
    pub key: &'static str,
    pub path: String,
    pub current: bool,
}

/// The frame of every admin page (`templates/admin/base.html`).
#[derive(Debug, Serialize)]
pub struct AdminFrame {
    pub lang: &'static str,
    pub other_lang: &'static str,
    pub other_endonym: &'static str,
    pub alternate_path: String,
    pub organization_name: String,
    pub short_name: String,
    pub member_name: String,
    pub nav: Vec<NavItem>,
    pub csrf: String,
}

impl AdminFrame {
    /// The frame for the admin page at `/{lang}/admin{section}`.
    pub fn new(member: &Member, section: &str, csrf: String) -> AdminFrame {
        let lang = member.lang;
        let items: [(&'static str, &str, Permission); 12] = [
            ("admin-nav-dashboard", "", Permission::UseDashboard),
            ("admin-nav-pages", "/pages", Permission::EditContent),
            ("admin-nav-media", "/media", Permission::EditContent),
            ("admin-nav-menus", "/menus", Permission::EditContent),
            ("admin-nav-supporters", "/supporters", Permission::ManageSupporters),
            ("admin-nav-members", "/members", Permission::ManageMembers),
            ("admin-nav-audit", "/audit", Permission::ReadAudit),
            ("admin-nav-account", "/account", Permission::UseDashboard),
            ("admin-nav-gifts", "/gifts", Permission::ManageMoney),
            ("admin-nav-reports", "/reports", Permission::ManageMoney),
            ("admin-nav-donors", "/donors", Permission::SeeDonors),
            ("events-nav", "/events", Permission::ManageEvents),
        ];
        let nav = items
            .into_iter()
            .filter(|(_, _, permission)| member.may(*permission))
            .map(|(key, path, _)| NavItem {
                key,
                path: format!("/{}/admin{path}", lang.code()),
                current: path == section
                    || (!path.is_empty()
                        && (section.starts_with(&format!("{path}/")) || section.starts_with(&format!("{path}?")))),
            })
            .collect();
        AdminFrame {
            lang: lang.code(),
            other_lang: lang.other().code(),
            other_endonym: lang.other().endonym(),
            alternate_path: format!("/{}/admin{section}", lang.other().code()),
            organization_name: member.organization.name.clone(),
            short_name: member.organization.short_name.clone(),
            member_name: if member.account.name.is_empty() {
                member.account.email.clone()
            } else {
                member.account.name.clone()
            },
            nav,
            csrf,
        }
    }
}
