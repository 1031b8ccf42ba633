UPDATE t SET i = {n} - 7, u = {n} * 3, dec4 = {n} / 16, f = {n} / 13, d = {n} / 11, y = 1950 + {n} % 100, m = IF({n} % 2 = 0, '10', '2') WHERE id = {id}
INSERT INTO t (id, i, u, dec4, f, d, y, m) VALUES ({id}, 5, 6, 1.5000, 123456.789, 0.1, 2000, '1') ON DUPLICATE KEY UPDATE f = 9876543.21, dec4 = -2.0000, d = 2e-300
DELETE FROM t WHERE id = {id}
