"""Sessions (Flask-Login), CSRF (Flask-WTF) and the security headers on every answer."""

from __future__ import annotations

from flask import Flask, current_app
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from insightrepo.db import current_session
from insightrepo.api_requests import is_api_request
from insightrepo.models import User
from insightrepo.accounts import users

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def sign_in_lifetime():
    """The longest a sign-in lasts: as long as the remember-me cookie."""
    return current_app.config["REMEMBER_COOKIE_DURATION"]


def init_security(app: Flask) -> None:
    login_manager = LoginManager(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def _load_user(sign_in_id: str) -> User | None:
        # The cookies name a sign-in (User.get_id), which logout and a password change delete.
        return users.user_for_sign_in(current_session(), sign_in_id, sign_in_lifetime())

    CSRFProtect(app)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Referrer-Policy", "same-origin")  # a shared page says no-referrer
        response.headers["X-Frame-Options"] = "DENY"
        if is_api_request() or (response.mimetype == "text/html" and current_user.is_authenticated):
            # A signed-in page (error pages too) is for this person only: no browser history or
            # shared cache may keep it for whoever uses the computer or the proxy next.
            response.headers["Cache-Control"] = "no-store"
        return response
