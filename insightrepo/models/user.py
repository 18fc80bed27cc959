from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from insightrepo.db import Base, new_id, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The workspace whose page this user saw last: where signing in lands (insightrepo.web.navigation).
    last_workspace_id: Mapped[str | None] = mapped_column(ForeignKey("workspaces.id", ondelete="SET NULL"))
    # The interface's language this user chose (en, sv, da, nb, fi); None: the browser's, then the
    # workspace's (insightrepo.i18n). Separate from a workspace's content language.
    locale: Mapped[str | None] = mapped_column(String(8))
    # How this user reads journey maps (insightrepo.journeys.map_view): edit mode on or off, the zoom
    # level, and the lanes they hide (comma-separated lane keys). Personal: nobody else sees them.
    map_editing: Mapped[bool] = mapped_column(default=False, server_default=false())
    map_zoom: Mapped[str] = mapped_column(String(12), default="normal", server_default="normal")
    map_hidden_lanes: Mapped[str] = mapped_column(String(200), default="", server_default="")

    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan")
    tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan")
    sign_ins: Mapped[list["SignIn"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True)

    # Which of the user's sign-ins this request runs under (SignIn.id), set by the services that
    # start or find one; Flask-Login keeps it in the session and remember-me cookies (get_id).
    sign_in_id = None

    @property
    def label(self) -> str:
        return self.display_name or self.email

    # The user interface Flask-Login expects (written out: models import nothing from Flask).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        # Flask-Login's "alternative token": the cookies name a sign-in the server can end,
        # never the user id itself (which would stay valid for as long as the account exists).
        if self.sign_in_id is None:
            raise RuntimeError("sign in through accounts.users.start_sign_in")
        return self.sign_in_id


class SignIn(Base):
    """One browser's sign-in. The session and remember-me cookies name it; signing out deletes it,
    a password change deletes all of the user's, so a captured cookie stops working at once."""

    __tablename__ = "sign_ins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="sign_ins")


class ApiToken(Base):
    """A personal API token. Only a SHA-256 of the secret is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def active(self) -> bool:
        return self.revoked_at is None
