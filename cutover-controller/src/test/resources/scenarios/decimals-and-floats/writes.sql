UPDATE t SET f = {n} / 13, db = {n} / 17, d1 = d1 + 0.000000000000000000000000000001 WHERE id = {id}
UPDATE t SET d3 = -{id} % 1000 / 7, fu = 0.5 WHERE id = {id}
INSERT INTO t VALUES ({id}, 0.1, 1, 1.5, 0.1, 0.1, 0.1) ON DUPLICATE KEY UPDATE db = 1e-300
DELETE FROM t WHERE id = {id}
