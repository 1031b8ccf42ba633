UPDATE t SET b = UNHEX('0102000000000000'), vb = UNHEX('00{id}00') WHERE id = {id}
UPDATE t SET bl = UNHEX(SHA2('{s}', 256)), lb = NULL WHERE id = {id}
INSERT INTO t VALUES ({id}, 'x', '', '', '', '') ON DUPLICATE KEY UPDATE tb = UNHEX('000000')
DELETE FROM t WHERE id = {id}
