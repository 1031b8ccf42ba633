SET SESSION time_zone = '+00:00'
