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

    private static User map(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream((String[]) array.getArray()).map(Role::valueOf).forEach(roles::add);
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("display_name"),
                roles,
                UserStatus.fromWire(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant());
    }
}
