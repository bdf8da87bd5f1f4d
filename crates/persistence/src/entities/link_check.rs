//! Rows of `link_checks`: what is kept of each cited address's checks.

pub(crate) mod link_checks {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "link_checks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub url: String,
        pub outcome: String,
        pub http_status: Option<i32>,
        pub final_url: Option<String>,
        pub content_hash: Option<String>,
        pub cited_hash: Option<String>,
        pub detail: Option<String>,
        pub checked_at: DateTimeUtc,
        pub first_checked_at: DateTimeUtc,
        pub checks: i32,
        pub consecutive_timeouts: i32,
        pub consecutive_failures: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
