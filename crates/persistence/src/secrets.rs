//! Server secrets kept in the database, made on first use, so that every process of one
//! deployment signs and checks links with the same key without any setup.

use crate::Db;
use crate::entities::account::app_secrets;
use crate::error::StoreResult;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait, sea_query::OnConflict};

impl Db {
    /// The secret called `name`; `fresh` makes it if none is stored yet. When two
    /// processes race, the first insert wins and both read it back.
    pub async fn secret(&self, name: &str, fresh: impl FnOnce() -> String) -> StoreResult<String> {
        if let Some(found) = app_secrets::Entity::find_by_id(name)
            .one(&self.write)
            .await?
        {
            return Ok(found.value);
        }
        app_secrets::Entity::insert(app_secrets::ActiveModel {
            name: Set(name.to_owned()),
            value: Set(fresh()),
            created_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::column(app_secrets::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&self.write)
        .await?;
        let stored = app_secrets::Entity::find_by_id(name)
            .one(&self.write)
            .await?
            .map(|m| m.value)
            .ok_or_else(|| crate::StoreError::not_found(format!("secret {name}")))?;
        Ok(stored)
    }
}
