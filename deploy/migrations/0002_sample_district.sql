-- Reference data for a sample district modelled on the seed reports (see docs/domain.md).
-- Issue-level routing rules (tiers, places, joint handling) come later; for now
-- each category has one responsible department.

INSERT INTO departments (code, name, name_zh, tier) VALUES
    ('housing', 'Housing and construction', '住建局', 'district'),
    ('labour', 'Human resources and social security', '人社局', 'district'),
    ('police', 'Public security', '公安分局', 'district'),
    ('justice', 'Judicial office', '司法所', 'town'),
    ('court', 'People''s court', '法院', 'district'),
    ('civil-affairs', 'Civil affairs', '民政局', 'district'),
    ('market', 'Market regulation', '市场监管局', 'district'),
    ('urban', 'Urban management', '城管局', 'district'),
    ('culture', 'Culture and tourism', '文旅局', 'district'),
    ('women', 'Women''s federation', '妇联', 'district'),
    ('petition', 'Petition bureau', '信访局', 'district');

INSERT INTO categories (code, name, name_zh, department_code) VALUES
    ('land-acquisition', 'Land acquisition and demolition', '征地拆迁', 'housing'),
    ('property-management', 'Housing and property management', '房产物业', 'housing'),
    ('wage-arrears', 'Wage arrears', '欠薪', 'labour'),
    ('social-security', 'Labour and social security', '劳动社保', 'labour'),
    ('gig-workers', 'New-economy workers'' rights', '新业态劳动者权益', 'labour'),
    ('traffic-accident', 'Road traffic accident', '道路交通事故', 'police'),
    ('neighbour', 'Neighbour dispute', '邻里纠纷', 'justice'),
    ('marriage-family', 'Marriage and family', '婚姻家庭', 'women'),
    ('litigation', 'Matter for the courts', '诉讼事项', 'court'),
    ('elderly-care', 'Elderly care and social assistance', '养老救助', 'civil-affairs'),
    ('consumer', 'Consumer dispute', '消费纠纷', 'market'),
    ('noise', 'Noise nuisance', '噪音扰民', 'urban'),
    ('parking', 'Parking in residential compounds', '小区停车', 'urban'),
    ('street-lights', 'Broken street lights', '路灯损坏', 'urban'),
    ('tourism', 'Tourism and culture dispute', '文旅纠纷', 'culture'),
    ('enterprise-restructuring', 'Enterprise restructuring', '企业改制', 'petition');
