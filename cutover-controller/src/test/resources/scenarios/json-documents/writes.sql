UPDATE t SET doc = JSON_SET(COALESCE(doc, JSON_OBJECT()), '$.w', '{s}', '$.f', {n} / 7) WHERE id = {id}
UPDATE t SET doc = JSON_REMOVE(doc, '$.emoji'), meta = JSON_ARRAY_APPEND(meta, '$', 'x') WHERE id = {id}
INSERT INTO t VALUES ({id}, JSON_ARRAY('{s}', '😀', 0.25), '{"a": {"b": [1, 2, {"c": null}]}}') ON DUPLICATE KEY UPDATE meta = 'true'
DELETE FROM t WHERE id = {id}
