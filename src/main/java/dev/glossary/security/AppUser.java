package dev.glossary.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An editor or admin; quarkus-security-jpa checks HTTP Basic credentials against the bcrypt hash. */
@Entity
@Table(name = "app_user")
@UserDefinition
public class AppUser extends PanacheEntityBase {

    /** bcrypt cost: 2^10 rounds, about 60 ms a check on a current core. */
    public static final int BCRYPT_COST = 10;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Username
    @Column(nullable = false, unique = true, length = 100)
    public String username;

    @Password
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Roles // comma-separated
    @Column(nullable = false, length = 100)
    public String roles;

    public static AppUser create(String username, String password, String roles) {
        AppUser user = new AppUser();
        user.username = username;
        user.passwordHash = BcryptUtil.bcryptHash(password, BCRYPT_COST);
        user.roles = roles;
        return user;
    }

    public static boolean exists(String username) {
        return count("username", username) > 0;
    }
}
