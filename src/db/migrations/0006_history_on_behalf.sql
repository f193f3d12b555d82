-- 代理入力: the departments an admin entered figures or answered for without belonging to them (所属コード
-- separated by spaces), so that history says a change was made on a department's behalf. Null for a person acting
-- for their own departments and for every change made before this column.

alter table history add column on_behalf_of text;
