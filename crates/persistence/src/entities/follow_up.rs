//! Rows of the follow-up tables: the event, its changes, its money figures, its evidence.

pub(crate) mod follow_ups {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "follow_ups")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub pledge_id: i32,
        pub author: String,
        pub recorded_at: DateTimeUtc,
        pub occurred_on: Date,
        pub note: Option<String>,
        pub submission_key: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod follow_up_changes {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "follow_up_changes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub follow_up_id: i32,
        pub position: i32,
        pub field: String,
        pub condition_number: Option<i16>,
        pub old_value: Option<String>,
        pub new_value: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod follow_up_money {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "follow_up_money")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub follow_up_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub money_figure_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod evidence {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "evidence")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub follow_up_id: i32,
        pub position: i32,
        pub url: String,
        pub title: String,
        pub publisher: Option<String>,
        pub tier: String,
        pub archived_url: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
