#!/usr/bin/python3
"""MySQL alone, no ghostflink: INSERT IGNORE ... SELECT beside multi-row REPLACEs on a table whose
primary key is AUTO_INCREMENT and whose rows are told apart by a unique key (what the copy and the
apply do to the ghost table when an ALTER adds a surrogate key). Session 43 (docs/architecture.md,
"Unique keys"): on MySQL 8.0.31 the INSERT IGNORE sometimes gets a value another row holds, then
the same value for the rest of its rows, and drops them; the REPLACEs sometimes fail with a
duplicate on PRIMARY.

Usage: auto-increment-race.py PORT SECONDS [REPLACERS] [ROWS_PER_REPLACE]
(user and password ghostflink, database d, as EmbeddedMysqlMain's server; python3-pymysql)."""
import random
import sys
import threading
import time

import pymysql

port, seconds = int(sys.argv[1]), float(sys.argv[2])
replacers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
max_rows = int(sys.argv[4]) if len(sys.argv) > 4 else 200


def connect(autocommit=True):
    return pymysql.connect(host='127.0.0.1', port=port, user='ghostflink', password='ghostflink',
                           autocommit=autocommit, database='d')


c = connect().cursor()
c.execute("DROP TABLE IF EXISTS g")
c.execute("CREATE TABLE g (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, code VARCHAR(40) NOT NULL,"
          " v INT, UNIQUE KEY code_uk (code))")
c.execute("DROP TABLE IF EXISTS src")
c.execute("CREATE TABLE src (code VARCHAR(40) NOT NULL, v INT, UNIQUE KEY code_uk (code))")
c.execute("SET SESSION cte_max_recursion_depth = 100000")
c.execute("INSERT INTO src WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq"
          " WHERE n < 6300) SELECT CONCAT('c', n), -1 FROM seq")
stop = time.time() + seconds
errors, copy_warnings, models, copied = [], [], [], set()


def replacer(seed):
    """REPLACEs of every second code of its own (no two replacers share one): half the rows the
    copy reads are there already."""
    r = random.Random(seed)
    db = connect(False)
    k = db.cursor()
    model = {}
    models.append(model)
    while time.time() < stop:
        rows = list({"c%d" % (r.randint(1, 1500) * 2 * replacers + seed): r.randint(0, 99)
                     for _ in range(r.randint(1, max_rows))}.items())
        try:
            k.execute("REPLACE INTO g (code, v) VALUES " + ",".join(["(%s,%s)"] * len(rows)),
                      [x for row in rows for x in row])
            db.commit()
            model.update(rows)
        except Exception as e:
            db.rollback()
            errors.append(str(e))


def copier():
    """The copy: INSERT IGNORE ... SELECT of 300 codes at a time, in order."""
    db = connect(False)
    k = db.cursor()
    lo = 0
    while time.time() < stop and lo < 6000:
        codes = ["c%d" % i for i in range(lo + 1, lo + 301)]
        try:
            k.execute("INSERT IGNORE INTO g (code, v) SELECT code, v FROM src WHERE code IN ("
                      + ",".join(["%s"] * len(codes)) + ")", codes)
            k.execute("SHOW WARNINGS")
            copy_warnings.extend(w[2] for w in k.fetchall() if 'PRIMARY' in w[2])
            db.commit()
            lo += 300
            copied.update(codes)
        except Exception as e:
            db.rollback()
            errors.append(str(e))


threads = [threading.Thread(target=replacer, args=(i,)) for i in range(replacers)]
threads.append(threading.Thread(target=copier))
for t in threads:
    t.start()
for t in threads:
    t.join()
c.execute("SELECT code, v FROM g")
actual = dict(c.fetchall())
expected = {}
for m in models:
    expected.update(m)
for code in copied:
    expected.setdefault(code, -1)
missing = [k for k in expected if k not in actual]
print("copy: %d duplicates on PRIMARY %s" % (len(copy_warnings), copy_warnings[:2]))
print("replace: %d duplicates on PRIMARY, %d deadlocks (retried by nobody here)"
      % (len([e for e in errors if "PRIMARY" in e]), len([e for e in errors if "1213" in e])))
print("rows %d, expected %d, missing %d" % (len(actual), len(expected), len(missing)))
