.PHONY: run test test-unit test-browser faults cluster cluster-test bench bench-quick build db-start db-stop seed-large clean

run:
	@scripts/run.sh

build:
	dotnet build UnionOne.slnx -c Release -nologo

test:
	@scripts/test.sh

test-unit:
	@scripts/test.sh unit

test-browser:
	@scripts/test.sh browser

# The full fault suite: every crash injected 20 times (make test runs 2 rounds of each).
faults:
	@FAULT_ROUNDS=$${FAULT_ROUNDS:-20} scripts/test.sh faults

# Scale-out on this machine: nginx :5085 -> two app instances -> PostgreSQL primary + streaming replica (docs/architecture.md).
cluster:
	@scripts/cluster.sh run

# The failover tests alone: a cluster of their own, one instance killed under load (also part of make test).
cluster-test:
	@scripts/test.sh cluster

bench:
	@scripts/bench.sh full

bench-quick:
	@scripts/bench.sh quick

db-start:
	@scripts/deps.sh postgres && scripts/pg.sh start

db-stop:
	@scripts/pg.sh stop

# Seeds a large member set with COPY for benchmarks, e.g. make seed-large MEMBERS=1000000
seed-large:
	@scripts/deps.sh postgres && scripts/secrets.sh && scripts/pg.sh start && \
	  UNIONONE_DB="$$(scripts/pg.sh url)" UNIONONE_SECRETS_FILE=.data/secrets.json \
	  dotnet run --project src/UnionOne -c Release -- seed-large --members $${MEMBERS:-1000000}

clean:
	dotnet clean UnionOne.slnx -nologo -v q
