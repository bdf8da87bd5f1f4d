//! Rows of the contributions table: readers' contributions and their moderation.

pub(crate) mod contributions {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "contributions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub kind: String,
        pub state: String,
        pub pledge_slug: Option<String>,
        pub links: String,
        pub note: String,
        pub claim: Option<String>,
        pub delivery: Option<String>,
        pub title: Option<String>,
        pub credit: Option<String>,
        pub email: Option<String>,
        pub email_confirmed_at: Option<DateTimeUtc>,
        pub confirm_token_hash: Option<String>,
        pub confirm_expires_at: Option<DateTimeUtc>,
        pub reply_actor: Option<String>,
        pub answers_follow_up: Option<i32>,
        pub follow_up_id: Option<i32>,
        pub reason: Option<String>,
        pub decided_by: Option<String>,
        pub decided_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        /// The contributor's language code (`en`, `fr`): the mails about it are in it.
        pub lang: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
