//! Rows of the pledge tables: the pledge with its cached state, and what hangs off it.

pub(crate) mod pledges {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pledges")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub slug: String,
        pub title: String,
        pub summary: String,
        pub quote_text: Option<String>,
        pub quote_language: Option<String>,
        pub quote_source_id: Option<i32>,
        pub kind: String,
        pub event_id: Option<i32>,
        pub announced_on: Date,
        pub initial_strength: String,
        pub initial_contested: bool,
        pub parent_id: Option<i32>,
        pub supersedes_id: Option<i32>,
        pub deadline_kind: String,
        pub deadline_date: Option<Date>,
        pub deadline_precision: Option<String>,
        pub deadline_event_id: Option<i32>,
        pub deadline_text: Option<String>,
        pub delivery: String,
        pub delivered_on: Option<Date>,
        pub strength: String,
        pub progress: Option<i16>,
        pub contested: bool,
        pub last_follow_up_on: Option<Date>,
        pub follow_up_count: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub deleted_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod pledge_themes {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pledge_themes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pledge_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub theme: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod pledge_actors {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pledge_actors")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pledge_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub actor_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub role: String,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod pledge_sources {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pledge_sources")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pledge_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub source_id: i32,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod conditions {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "conditions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub pledge_id: i32,
        pub number: i16,
        pub text: String,
        pub initial_state: String,
        pub state: String,
        pub source_id: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod money_figures {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "money_figures")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub pledge_id: i32,
        pub stage: String,
        pub kind: String,
        pub amount_min: i64,
        pub amount_max: i64,
        pub currency: String,
        pub value_date: Date,
        pub basis: String,
        pub source_id: i32,
        pub note: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod pledge_edits {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pledge_edits")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub pledge_id: i32,
        pub at: DateTimeUtc,
        pub author: String,
        pub field: String,
        pub old_value: String,
        pub new_value: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
