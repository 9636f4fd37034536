"""deploy/services.tsv is the one list of the services: docker-compose.yml, the gateway's template
and the database roles follow it (deploy/lib reads it directly)."""
import re

import psycopg
import yaml

from conftest import PG_URL, ROOT, SERVICES

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
TEMPLATE = (ROOT / "deploy" / "gateway" / "onedoor.conf.template").read_text()


def test_compose_runs_each_service_of_the_table_with_its_port_role_and_broker_user():
    services = COMPOSE["services"]
    gateway = services["gateway"]["environment"]
    for name, row in SERVICES.items():
        assert name in services, f"docker-compose.yml has no service {name}"
        environment = services[name]["environment"]
        assert environment[f"ONEDOOR_{name.upper()}_PORT"] == str(row["port"])
        assert f"//{row['database_role']}:" in environment["ONEDOOR_POSTGRES_URL"]
        if row["broker_user"] == "-":
            assert "ONEDOOR_AMQP_URL" not in environment or "onedoor-" not in environment["ONEDOOR_AMQP_URL"]
        else:
            assert f"//{row['broker_user']}:" in environment["ONEDOOR_AMQP_URL"]
        if name != "public":  # the petitioner's status page has its own listener, not the gateway
            assert gateway[f"ONEDOOR_{name.upper()}_UPSTREAM"] == f"{name}:{row['port']}"
    programs = {name for name, service in services.items()
                if re.fullmatch(r"onedoor-(?!admin)[a-z]+", str((service.get("command") or [""])[0]))}
    assert programs == set(SERVICES), "a service in docker-compose.yml is missing from deploy/services.tsv"


def test_the_gateway_template_has_an_upstream_for_each_service_and_no_other():
    upstreams = set(re.findall(r"\$\{ONEDOOR_([A-Z]+)_UPSTREAM\}", TEMPLATE))
    # The status page faces the petitioners on its own listener: the staff's gateway never routes to it.
    assert upstreams == {name.upper() for name in SERVICES} - {"PUBLIC"}


def test_each_service_has_its_database_role():
    with psycopg.connect(PG_URL) as connection:
        roles = {row[0] for row in connection.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'onedoor_%'")}
    assert {row["database_role"] for row in SERVICES.values()} <= roles


def test_prometheus_scrapes_each_service_of_the_table_at_its_port():
    for config, host in (("prometheus.yml", "127.0.0.1"), ("prometheus-compose.yml", None)):
        scrape = yaml.safe_load((ROOT / "deploy" / "prometheus" / config).read_text())["scrape_configs"]
        targets = {c["labels"]["service"]: c["targets"][0] for job in scrape if job["job_name"] == "onedoor"
                   for c in job["static_configs"]}
        assert targets == {name: f"{host or name}:{row['port']}" for name, row in SERVICES.items()}, config
