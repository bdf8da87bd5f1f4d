//! The views of signing in (`login.html`) and of one's own account (`account.html`). The
//! CSRF token comes from the page builder.

use crate::page::View;
use domain::User;
use serde::Serialize;

#[derive(Serialize)]
pub struct LoginView<'a> {
    /// The email typed, kept after a refusal.
    pub email: &'a str,
    /// Where to go once signed in (a path on this site).
    pub next: &'a str,
    /// The refusal's message id (the page says it in its language).
    pub error: Option<&'a str>,
}

impl View for LoginView<'_> {
    const TEMPLATE: &'static str = "login.html";
}

#[derive(Serialize)]
pub struct UserView<'a> {
    email: &'a str,
    name: &'a str,
    role: &'static str,
    admin: bool,
}

impl<'a> UserView<'a> {
    pub fn new(user: &'a User) -> Self {
        Self {
            email: user.email.as_str(),
            name: user.name.as_str(),
            role: user.role.code(),
            admin: user.role == domain::Role::Admin,
        }
    }
}

#[derive(Serialize)]
pub struct AccountView<'a> {
    pub user: UserView<'a>,
    /// The password form's refused fields, each shown beside its field.
    pub errors: &'a crate::error::FieldErrors,
}

impl View for AccountView<'_> {
    const TEMPLATE: &'static str = "account.html";
}
