UPDATE t SET v = {n} WHERE k = CONCAT('k', {id} % 3000, CONVERT(UNHEX(ELT(1 + ({id} % 3000) % 6, '81', '8D', '8F', '90', '9D', '80')) USING latin1))
DELETE FROM t WHERE k = CONCAT('k', {id} % 3000, CONVERT(UNHEX(ELT(1 + ({id} % 3000) % 6, '81', '8D', '8F', '90', '9D', '80')) USING latin1))
INSERT INTO t VALUES (CONCAT('k', {id} % 3000, CONVERT(UNHEX(ELT(1 + ({id} % 3000) % 6, '81', '8D', '8F', '90', '9D', '80')) USING latin1)), {n}) ON DUPLICATE KEY UPDATE v = VALUES(v)
UPDATE t SET k = CONCAT(k, CONVERT(UNHEX('9D') USING latin1)) WHERE k = CONCAT('k', {id} % 3000, CONVERT(UNHEX(ELT(1 + ({id} % 3000) % 6, '81', '8D', '8F', '90', '9D', '80')) USING latin1))
