"""Settings: config/default.toml → config/$INSIGHTREPO_ENV.toml → <data_dir>/config.toml
→ INSIGHTREPO_* environment variables → explicit overrides.

Every layer may only name keys that default.toml defines; anything else is an error,
so a typo never silently falls back to a default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from insightrepo.resources import resource_dir

if TYPE_CHECKING:
    from flask import Flask

ENVIRONMENTS = ("development", "testing", "production")
ENV_PREFIX = "INSIGHTREPO_"


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line meant for the operator."""


@dataclass(frozen=True)
class Settings:
    env: str
    data_dir: str
    database_url: str
    secret_key: str
    max_content_length: int
    session_cookie_secure: bool
    remember_cookie_days: int
    login_rate_limit: str
    login_address_rate_limit: str
    rate_limit_storage_uri: str
    trusted_proxies: int
    invitation_days: int
    quote_import_max_bytes: int
    quote_import_max_rows: int
    api_page_size: int
    api_max_page_size: int
    host: str
    port: int
    workers: int
    search_backend: str
    search_max_query_length: int
    search_page_size: int
    search_max_terms: int
    search_max_prefixes: int
    search_time_budget_ms: int
    search_concurrent_per_user: int
    search_estimate_above: int

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path(self.data_dir).resolve() / 'insightrepo.sqlite3'}"

    @property
    def index_dir(self) -> Path:
        return Path(self.data_dir).resolve() / "search-index"


_FIELDS = {f.name: f for f in fields(Settings)}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return _checked(data, str(path))


def _checked(data: Mapping[str, Any], source: str) -> dict[str, Any]:
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s) {', '.join(unknown)}")
    return dict(data)


def _coerce(key: str, raw: str) -> Any:
    kind = _FIELDS[key].type
    if kind == "bool":
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{ENV_PREFIX}{key.upper()}: expected true or false, got {raw!r}")
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{ENV_PREFIX}{key.upper()}: expected a whole number, got {raw!r}") from None
    return raw


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    # Only INSIGHTREPO_<KEY> for known keys are settings; other INSIGHTREPO_* variables
    # (INSIGHTREPO_TEST_DATABASE_URL, INSIGHTREPO_REQUIRE_BROWSER) belong to the tests.
    return {key: _coerce(key, environ[ENV_PREFIX + key.upper()])
            for key in _FIELDS if ENV_PREFIX + key.upper() in environ}


def load_config(overrides: Mapping[str, Any] | None = None,
                environ: Mapping[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    overrides = _checked(overrides or {}, "overrides")
    from_env = _from_environment(environ)
    config_dir = resource_dir("config")

    values = _read_toml(config_dir / "default.toml")
    env = overrides.get("env") or from_env.get("env") or values["env"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"INSIGHTREPO_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    env_file = config_dir / f"{env}.toml"
    if env_file.is_file():
        values.update(_read_toml(env_file))

    data_dir = overrides.get("data_dir") or from_env.get("data_dir") or values["data_dir"]
    instance_file = Path(data_dir) / "config.toml"
    if instance_file.is_file():
        values.update(_read_toml(instance_file))

    values.update(from_env)
    values.update(overrides)
    values["env"] = env
    if env == "production":
        values["session_cookie_secure"] = True

    missing = sorted(set(_FIELDS) - set(values))
    if missing:
        raise ConfigError(f"config/default.toml is missing {', '.join(missing)}")
    settings = Settings(**values)
    _validate(settings)
    return settings


def current_settings(app: Flask | None = None) -> Settings:
    """The settings of ``app`` (by default the current one), as create_app read them — the one
    place they are read."""
    from flask import current_app

    return (app or current_app).extensions["insightrepo.settings"]


def _validate(settings: Settings) -> None:
    if settings.env not in ("development", "testing") and not settings.secret_key:
        raise ConfigError(
            "INSIGHTREPO_SECRET_KEY is not set: production needs a long random secret "
            "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )
    if settings.database_url and not settings.database_url.startswith(("sqlite", "postgresql")):
        raise ConfigError("INSIGHTREPO_DATABASE_URL must be a sqlite:// or postgresql+psycopg:// URL")
    if not 1 <= settings.api_page_size <= settings.api_max_page_size:
        raise ConfigError("api_page_size must be between 1 and api_max_page_size")
    if not 0 <= settings.trusted_proxies <= 5:
        raise ConfigError("trusted_proxies must be between 0 (no reverse proxy) and 5")
    if not 1 <= settings.search_page_size <= 100 or settings.search_max_query_length < 20:
        raise ConfigError("search_page_size must be between 1 and 100, search_max_query_length at least 20")
    if settings.search_max_terms < 1 or settings.search_max_prefixes < 0 or settings.search_time_budget_ms < 100 \
            or settings.search_concurrent_per_user < 1 or settings.search_estimate_above < 1:
        raise ConfigError("search_max_terms, search_concurrent_per_user and search_estimate_above must be at least 1, "
                          "search_max_prefixes at least 0, search_time_budget_ms at least 100")
