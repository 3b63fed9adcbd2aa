import '../../common/base.css';
import { mount } from '../../common/mount';
import { SpacePageApp } from './SpacePage';

mount(<SpacePageApp />);
