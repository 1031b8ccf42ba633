UPDATE t SET doc = JSON_SET(doc, '$.w', '{s}'), body = UNHEX(MD5('{s}')), amount = amount + 0.00000001 WHERE id = {id}
UPDATE t SET note = CONCAT('{s} ✨'), at = NOW(6), span = '12:34:56.5', flags = b'101010101010' WHERE id = {id}
INSERT INTO t VALUES ({id}, JSON_ARRAY('{s}', '😀'), NULL, -{n}.5, '2026-01-01 00:00:00.000001', NULL, '838:59:59', b'1', -1e300, NULL) ON DUPLICATE KEY UPDATE ratio = VALUES(ratio)
DELETE FROM t WHERE id = {id}
UPDATE t SET id = {id2} WHERE id = {id}
