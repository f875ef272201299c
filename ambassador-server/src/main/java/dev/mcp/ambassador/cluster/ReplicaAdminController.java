package dev.mcp.ambassador.cluster;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The replicas serving this installation, for admins ({@code /v1/admin/**} requires ADMIN). */
@RestController
class ReplicaAdminController {

    private final Replicas replicas;

    ReplicaAdminController(Replicas replicas) {
        this.replicas = replicas;
    }

    @GetMapping("/v1/admin/replicas")
    List<Replicas.Replica> list() {
        return replicas.list();
    }
}
