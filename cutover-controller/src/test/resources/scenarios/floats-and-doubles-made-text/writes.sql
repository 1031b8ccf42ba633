UPDATE t SET f = {n} / 13, fb = {n} * 0.0001234567, d = {n} / 11, dn = {n} * 1e-7 WHERE id = {id}
INSERT INTO t (id, f, fb, d, dn) VALUES ({id}, 123456.789, NULL, 0.3333333333333333, 1e16) ON DUPLICATE KEY UPDATE f = 9876543.21, fb = -1.5e-7, d = 2e-300
DELETE FROM t WHERE id = {id}
