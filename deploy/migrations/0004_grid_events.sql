-- Grid events (网格上报) from integrators' grid-management apps.

-- The sample district's grids: town (镇街) → community (村/社区) → grid.
CREATE TABLE grids (
    code text PRIMARY KEY,
    town_code text NOT NULL,
    community_code text NOT NULL,
    name text NOT NULL
);

-- The grid event a case came from: the same event published again makes no second case.
ALTER TABLE cases ADD COLUMN source_event_id text UNIQUE;

INSERT INTO grids (code, town_code, community_code, name) VALUES
    ('kl-xingfu-01', 'kenli-street', 'xingfu', 'Xingfu community grid 1'),
    ('kl-xingfu-02', 'kenli-street', 'xingfu', 'Xingfu community grid 2'),
    ('kl-donggang-01', 'kenli-street', 'donggang', 'Donggang community grid 1'),
    ('xw-beiguan-01', 'xiawa', 'beiguan', 'Beiguan village grid 1'),
    ('xw-nanguan-01', 'xiawa', 'nanguan', 'Nanguan village grid 1');
