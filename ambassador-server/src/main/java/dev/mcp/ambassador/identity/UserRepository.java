package dev.mcp.ambassador.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their password hashes in PostgreSQL. */
@Repository
public class UserRepository {

    private static final String COLUMNS = "id, username, display_name, roles, status, created_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<User> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from users where id = ?")
                .param(id)
                .query(UserRepository::map)
                .optional();
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from users where username = ?")
                .param(username)
                .query(UserRepository::map)
                .optional();
    }

    Optional<String> passwordHash(UUID id) {
        return jdbc.sql("select password_hash from users where id = ?")
                .param(id)
                .query(String.class)
                .optional();
    }

    List<User> findAll() {
        return jdbc.sql("select " + COLUMNS + " from users order by username")
                .query(UserRepository::map)
                .list();
    }

    boolean anyWithRole(Role role) {
        return jdbc.sql("select exists (select 1 from users where ? = any (roles))")
                .param(role.name())
                .query(Boolean.class)
                .single();
    }

    User insert(String username, String displayName, String passwordHash, Set<Role> roles) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into users (id, username, display_name, password_hash, roles) values (?, ?, ?, ?, ?)")
                .params(id, username, displayName, passwordHash, roleNames(roles))
                .update();
        return findById(id).orElseThrow();
    }

    void update(UUID id, UserStatus status, Set<Role> roles, String displayName) {
        jdbc.sql("update users set status = coalesce(?, status), roles = coalesce(?, roles),"
                        + " display_name = coalesce(?, display_name), updated_at = now() where id = ?")
                .params(
                        status == null ? null : status.wireName(),
                        roles == null ? null : roleNames(roles),
                        displayName,
                        id)
                .update();
    }

    /** What a browser session of the user must still match: status, roles and session epoch. */
    record SessionState(UserStatus status, Set<Role> roles, long epoch) {}

    Optional<SessionState> sessionState(UUID id) {
        return jdbc.sql("select status, roles, session_epoch from users where id = ?")
                .param(id)
                .query((rs, row) -> new SessionState(
                        UserStatus.fromWire(rs.getString("status")), roles(rs), rs.getLong("session_epoch")))
                .optional();
    }

    /** Raises the user's session epoch, which ends every browser session signed in before; the new value. */
    long raiseSessionEpoch(UUID id) {
        return jdbc.sql("update users set session_epoch = session_epoch + 1 where id = ? returning session_epoch")
                .param(id)
                .query(Long.class)
                .optional()
                .orElse(-1L);
    }

    void updatePasswordHash(UUID id, String passwordHash) {
        jdbc.sql("update users set password_hash = ?, updated_at = now() where id = ?")
                .params(passwordHash, id)
                .update();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from users where id = ?").param(id).update() == 1;
    }

    private static String[] roleNames(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toArray(String[]::new);
    }

    private static Set<Role> roles(ResultSet rs) throws SQLException {
        Array array = rs.getArray("roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) array.getArray()).map(Role::valueOf).forEach(roles::add);
        return roles;
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        Set<Role> roles = roles(rs);
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("display_name"),
                roles,
                UserStatus.fromWire(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant());
    }
}
