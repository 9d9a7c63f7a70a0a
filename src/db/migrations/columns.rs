//! Column and index shorthands shared by the migrations. Never change what one produces:
//! shipped migrations depend on it; add a new helper instead.

use sea_orm_migration::prelude::*;

pub fn id(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).big_integer().not_null().auto_increment().primary_key().take()
}

pub fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).text().not_null().take()
}

pub fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).text().null().take()
}

pub fn big(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).big_integer().not_null().take()
}

pub fn big_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).big_integer().null().take()
}

pub fn int_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).integer().null().take()
}

pub fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).integer().not_null().take()
}

pub fn time_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).timestamp_with_time_zone().null().take()
}

pub fn time(name: &'static str) -> ColumnDef {
    ColumnDef::new(Alias::new(name)).timestamp_with_time_zone().not_null().take()
}

pub fn fk(table: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Alias::new(table), Alias::new(column))
        .to(Alias::new(to), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

pub fn index(table: &'static str, name: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(Alias::new(table));
    for column in columns {
        index.col(Alias::new(*column));
    }
    index.take()
}
