-- Invitations sent by e-mail (when the server has SHINCHOKU_SMTP_URL): the address the inviter gave, and when the
-- mail server accepted the message. An address without mailed_at is a message that could not be sent; the link
-- was shown to copy and stays valid. The table keeps its tenant key, row-level security and grants (0008).

alter table invitations add column mail_to text check (length(mail_to) <= 254);
alter table invitations add column mailed_at timestamptz;
alter table invitations add constraint invitations_mailed_to check (mailed_at is null or mail_to is not null);
