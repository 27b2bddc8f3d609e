"""Fail loudly, with a clear message, when PostgreSQL or Redis is not there for the tests."""
import sys

import psycopg
import psycopg.sql
import redis


def main(database_url, redis_url):
    problems = []
    try:
        # Connect to the server's maintenance database: the test database is created by the tests.
        server, name = database_url.rsplit("/", 1)
        with psycopg.connect(server + "/postgres", connect_timeout=5, autocommit=True) as connection:
            # The database itself must exist for makemigrations' history check; tests use test_<name>.
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
    except psycopg.Error as error:
        problems.append(
            f"PostgreSQL is not reachable at {database_url} ({error}).\n"
            "  Start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start"
        )
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        problems.append(
            f"Redis is not reachable at {redis_url} ({error}).\n"
            '  Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no'
        )
    if problems:
        print("ERROR: the test suite needs real services:\n" + "\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
