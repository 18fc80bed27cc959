"""Settings: layered sources, unknown keys rejected, secrets required in production."""

from __future__ import annotations

import pytest

from insightrepo.config import ConfigError, load_config


def test_defaults_are_development_with_an_embedded_database(tmp_path):
    settings = load_config({"data_dir": str(tmp_path)}, environ={})
    assert settings.env == "development"
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path.resolve() / 'insightrepo.sqlite3'}"


def test_environment_variables_override_files_and_overrides_win(tmp_path):
    environ = {"INSIGHTREPO_DATA_DIR": str(tmp_path), "INSIGHTREPO_PORT": "8123",
               "INSIGHTREPO_DATABASE_URL": "postgresql+psycopg://db.example/ir"}
    settings = load_config(environ=environ)
    assert settings.port == 8123
    assert settings.sqlalchemy_url == "postgresql+psycopg://db.example/ir"
    assert load_config({"port": 9000}, environ=environ).port == 9000


def test_instance_config_file_sits_between_env_file_and_environment(tmp_path):
    (tmp_path / "config.toml").write_text('api_page_size = 25\nhost = "0.0.0.0"\n')
    settings = load_config(environ={"INSIGHTREPO_DATA_DIR": str(tmp_path), "INSIGHTREPO_HOST": "127.0.0.2"})
    assert settings.api_page_size == 25
    assert settings.host == "127.0.0.2"


def test_unknown_keys_are_rejected_wherever_they_come_from(tmp_path):
    with pytest.raises(ConfigError, match="unknown setting.*colour"):
        load_config({"colour": "blue"}, environ={})
    (tmp_path / "config.toml").write_text("databse_url = 'sqlite://'\n")
    with pytest.raises(ConfigError, match="databse_url"):
        load_config(environ={"INSIGHTREPO_DATA_DIR": str(tmp_path)})


def test_production_without_secret_key_stops_with_one_line(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(environ={"INSIGHTREPO_ENV": "production", "INSIGHTREPO_DATA_DIR": str(tmp_path)})
    assert "INSIGHTREPO_SECRET_KEY" in str(error.value)
    assert "\n" not in str(error.value)


def test_production_forces_secure_cookies(tmp_path):
    settings = load_config({"session_cookie_secure": False}, environ={
        "INSIGHTREPO_ENV": "production", "INSIGHTREPO_SECRET_KEY": "s" * 40,
        "INSIGHTREPO_DATA_DIR": str(tmp_path)})
    assert settings.session_cookie_secure is True


@pytest.mark.parametrize("environ, message", [
    ({"INSIGHTREPO_ENV": "staging"}, "INSIGHTREPO_ENV must be one of"),
    ({"INSIGHTREPO_PORT": "eighty"}, "expected a whole number"),
    ({"INSIGHTREPO_SESSION_COOKIE_SECURE": "maybe"}, "expected true or false"),
    ({"INSIGHTREPO_DATABASE_URL": "mysql://x"}, "sqlite:// or postgresql"),
])
def test_bad_values_are_explained(environ, message):
    with pytest.raises(ConfigError, match=message):
        load_config(environ=environ)
