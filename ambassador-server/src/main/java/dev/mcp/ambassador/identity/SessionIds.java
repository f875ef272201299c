package dev.mcp.ambassador.identity;

import jakarta.servlet.http.HttpServletRequest;

/** Browser session ids change whenever the privilege behind them does, against session fixation. */
final class SessionIds {

    private SessionIds() {}

    /** Gives the request's session a new id, creating the session if there is none. */
    static void renew(HttpServletRequest request) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        } else {
            request.getSession(true);
        }
    }
}
