package dev.mcp.ambassador.audit;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting on the current thread, by name, for the records of what they did. */
public final class Actors {

    private Actors() {}

    /** The signed-in principal's name, or {@code system} when nobody is signed in. */
    public static String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }
}
