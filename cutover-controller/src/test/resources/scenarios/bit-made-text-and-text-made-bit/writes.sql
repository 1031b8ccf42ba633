UPDATE t SET b8 = {n} % 256, b64 = {n} * 7919, code = CONCAT({n} % 100000), c3 = CONCAT({n} % 256) WHERE id = {id}
INSERT INTO t (id, b8, b64, code, c3) VALUES ({id}, 65, 12345678901, '65', '5') ON DUPLICATE KEY UPDATE b8 = NULL, code = NULL
DELETE FROM t WHERE id = {id}
