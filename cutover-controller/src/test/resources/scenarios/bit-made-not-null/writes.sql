UPDATE t SET is_good = 1 - is_good WHERE id = {id}
INSERT INTO t VALUES ({id}, {id} % 2, {n} % 256, {n}) ON DUPLICATE KEY UPDATE is_good = b'1', b8 = b'11111111'
UPDATE t SET b8 = 0 WHERE id = {id}
DELETE FROM t WHERE id = {id}
