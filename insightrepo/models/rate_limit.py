"""Rate-limit counters shared by every worker and server (insightrepo.rate_limit_storage)."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from insightrepo.db import Base


class RateLimitCounter(Base):
    """One fixed window of one limit: how much of it is used, and when it ends (Unix seconds)."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)
