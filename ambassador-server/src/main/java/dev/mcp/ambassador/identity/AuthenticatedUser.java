package dev.mcp.ambassador.identity;

import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The principal of a person signed in with a password or acting through one of their API keys. */
public record AuthenticatedUser(UUID id, String username, Set<Role> roles) implements Principal {

    /** The username: what records of who did what name this principal by. */
    @Override
    public String getName() {
        return username;
    }

    static AuthenticatedUser of(User user) {
        return new AuthenticatedUser(user.id(), user.username(), Set.copyOf(user.roles()));
    }

    /** An authenticated token carrying this principal and one authority per role. */
    Authentication toAuthentication() {
        List<SimpleGrantedAuthority> authorities = roles.stream()
                .map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(this, null, authorities);
    }
}
