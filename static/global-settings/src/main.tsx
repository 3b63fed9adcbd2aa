import '../../common/base.css';
import { mount } from '../../common/mount';
import { SettingsApp } from './Settings';

mount(<SettingsApp />);
